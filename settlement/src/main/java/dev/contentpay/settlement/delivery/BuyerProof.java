package dev.contentpay.settlement.delivery;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.contentpay.platform.crypto.TokenException;
import dev.contentpay.platform.crypto.TokenVerifier;
import dev.contentpay.protocol.ApprovalClaims;
import dev.contentpay.protocol.BuyerProofClaims;

import java.util.Optional;

/**
 * Proof that whoever downloads is the buyer: an approval token the issuer signed for this merchant
 * whose subject is the buyer's pseudonym, the one the settlement row holds. The terminal already
 * has one (the approval it bought with) and nobody else does: settlement and the issuer never
 * publish it. Its expiry is not checked, on purpose: the approval's short lifetime limits when it
 * can buy, not the truth of what it states ("the issuer knows this holder as pseudonym P at this
 * merchant"), and the download link it accompanies expires on its own.
 *
 * <p>A buyer proof ({@link BuyerProofClaims}, {@code typ buyer+jwt}) proves the same and is what a
 * buyer on a new device asks the issuer for, holding no approval; it is made for nothing else, so
 * its own few minutes' expiry is checked.
 */
public final class BuyerProof {

    /** The request header that carries the approval token. */
    public static final String HEADER = "Contentpay-Approval";

    private final TokenVerifier issuerIgnoringExpiry;
    private final TokenVerifier issuer;
    private final String merchantId;

    /**
     * {@code issuerIgnoringExpiry} must verify the issuer's tokens with a skew wide enough to ignore
     * expiry (for approvals), {@code issuer} with the usual one (for buyer proofs).
     */
    public BuyerProof(TokenVerifier issuerIgnoringExpiry, TokenVerifier issuer, String merchantId) {
        this.issuerIgnoringExpiry = issuerIgnoringExpiry;
        this.issuer = issuer;
        this.merchantId = merchantId;
    }

    /** Whether {@code approvalToken} proves its holder is {@code pseudonym}; false for anything missing or wrong. */
    public boolean proves(String approvalToken, String pseudonym) {
        return pseudonym != null && pseudonymOf(approvalToken).filter(pseudonym::equals).isPresent();
    }

    /** The pseudonym {@code approvalToken} (an approval or a buyer proof) proves its holder is; empty for anything missing or wrong. */
    public Optional<String> pseudonymOf(String approvalToken) {
        if (approvalToken == null || approvalToken.isBlank()) return Optional.empty();
        String token = approvalToken.strip();
        JWTClaimsSet claims;
        try {
            claims = issuerIgnoringExpiry.verify(token, ApprovalClaims.TYPE, merchantId);
        } catch (TokenException notAnApproval) {
            if (notAnApproval.reason() != TokenException.Reason.WRONG_TYPE) return Optional.empty();
            try {
                claims = issuer.verify(token, BuyerProofClaims.TYPE, merchantId);
            } catch (TokenException e) {
                return Optional.empty();
            }
        }
        String subject = claims.getSubject();
        return subject == null || subject.isEmpty() ? Optional.empty() : Optional.of(subject);
    }
}
