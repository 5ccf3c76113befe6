package dev.contentpay.settlement.delivery;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.contentpay.platform.crypto.TokenException;
import dev.contentpay.platform.crypto.TokenVerifier;
import dev.contentpay.protocol.ApprovalClaims;

/**
 * Proof that whoever downloads is the buyer: an approval token the issuer signed for this merchant
 * whose subject is the buyer's pseudonym, the one the settlement row holds. The terminal already
 * has one (the approval it bought with) and nobody else does: settlement and the issuer never
 * publish it. Its expiry is not checked, on purpose: the approval's short lifetime limits when it
 * can buy, not the truth of what it states ("the issuer knows this holder as pseudonym P at this
 * merchant"), and the download link it accompanies expires on its own.
 */
public final class BuyerProof {

    /** The request header that carries the approval token. */
    public static final String HEADER = "Contentpay-Approval";

    private final TokenVerifier issuerIgnoringExpiry;
    private final String merchantId;

    /** {@code issuerIgnoringExpiry} must verify the issuer's tokens with a skew wide enough to ignore expiry. */
    public BuyerProof(TokenVerifier issuerIgnoringExpiry, String merchantId) {
        this.issuerIgnoringExpiry = issuerIgnoringExpiry;
        this.merchantId = merchantId;
    }

    /** Whether {@code approvalToken} proves its holder is {@code pseudonym}; false for anything missing or wrong. */
    public boolean proves(String approvalToken, String pseudonym) {
        if (approvalToken == null || approvalToken.isBlank() || pseudonym == null) return false;
        try {
            JWTClaimsSet claims = issuerIgnoringExpiry.verify(approvalToken.strip(), ApprovalClaims.TYPE, merchantId);
            return pseudonym.equals(claims.getSubject());
        } catch (TokenException e) {
            return false;
        }
    }
}
