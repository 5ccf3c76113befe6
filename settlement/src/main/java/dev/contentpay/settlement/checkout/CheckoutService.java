package dev.contentpay.settlement.checkout;

import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Idempotency;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.protocol.PurchaseRequest;
import dev.contentpay.protocol.Receipt;
import dev.contentpay.settlement.purchase.PurchaseService;

import java.nio.charset.StandardCharsets;

/**
 * The browser's presentation of an approval ([0065]): exactly {@code POST /v1/purchases}, run by
 * the same {@link PurchaseService} under the same idempotency records, so single use, judging and
 * settling are the terminal's. A browser has no idempotency key of its own to send, so the key is
 * derived from the approval and the nonce the issuer's page put in its form, fresh on every page:
 * the buyer's double click or reload of the form is the same request and gets the first receipt
 * (or refusal) again, never a second judgement. The approval alone is not enough: whoever else
 * comes to hold it has no page of the buyer's, so their post is another presentation of a used
 * approval, refused by the issuer; they neither get the buyer's receipt nor, by having the
 * purchase answered again, a new download link that would cancel the buyer's.
 */
public final class CheckoutService {

    static final String SCOPE = "checkout";
    /** An approval token is well under 2 KB; the form's whole body must fit the server's limit anyway. */
    private static final int MAX_TOKEN = 8192;
    /** An issuer's page nonce: at least 128 bits as base64url (auth's are 16 random bytes, 22 characters). */
    private static final int MIN_NONCE = 22;
    private static final int MAX_NONCE = 128;

    private final PurchaseService purchases;
    private final Idempotency idempotency;

    public CheckoutService(PurchaseService purchases, Idempotency idempotency) {
        this.purchases = purchases;
        this.idempotency = idempotency;
    }

    public Receipt complete(String approval, String purchase, String nonce) {
        if (approval == null || approval.isBlank() || purchase == null || purchase.isBlank()
                || approval.length() > MAX_TOKEN || purchase.length() > MAX_TOKEN) {
            throw new ContentpayException(ErrorCode.VALIDATION_FAILED, "The form did not carry an approval and a purchase.");
        }
        if (nonce == null || nonce.length() < MIN_NONCE || nonce.length() > MAX_NONCE || !Ids.isWellFormed(nonce)) {
            throw ContentpayException.invalid("nonce", "must be the issuer's page's own, " + MIN_NONCE + " to " + MAX_NONCE + " letters, digits, '_' or '-'");
        }
        String key = "checkout-" + ClientAssertions.sha256Hex(approval + "\n" + nonce).substring(0, 48);
        byte[] body = (approval + "\n" + purchase + "\n" + nonce).getBytes(StandardCharsets.UTF_8);
        var request = new PurchaseRequest(approval, purchase);
        return idempotency.answer(SCOPE, key, idempotency.requestHash("POST", "/checkout/complete", body), 201, Receipt.class,
                () -> purchases.purchase(request, key)).valueOrThrow();
    }
}
