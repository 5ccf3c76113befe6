package dev.contentpay.protocol;

/**
 * The buyer asks a merchant's settlement server for what they own there ("restore purchases"),
 * proving who they are with {@code proof}: a buyer proof the issuer signed for this merchant
 * ({@link BuyerProofClaims}), or any approval the issuer gave the buyer for this merchant, expired or
 * used, since it too names the buyer's pseudonym. In the body, not a header, so that the request's
 * idempotency hash binds the answer to the buyer who asked.
 */
public record RestoreRequest(String proof) {

    @Override
    public String toString() {
        return "RestoreRequest[proof=" + (proof == null ? "null" : "(" + proof.length() + " characters)") + "]";
    }
}
