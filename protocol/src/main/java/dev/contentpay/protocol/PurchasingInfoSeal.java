package dev.contentpay.protocol;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.contentpay.platform.crypto.TokenException;
import dev.contentpay.platform.crypto.TokenSigner;
import dev.contentpay.platform.crypto.TokenVerifier;
import dev.contentpay.platform.money.ConsumptionTax;
import dev.contentpay.platform.money.Money;

import java.net.URI;
import java.util.Date;

/**
 * The seal on purchasing information: an Ed25519 signature by the merchant's key, so that neither the
 * terminal nor anyone on the way can change the price or the item ([0054]). Auth and settlement
 * open it with the merchant's registered public keys.
 *
 * <p>The consumption tax rate travels as {@code tax_rate} (percent, 10 or 8). It is optional when
 * opening, so that seals made before it was sealed still open, as standard-rated (10 %); a seal that
 * carries it with another value is malformed.
 */
public final class PurchasingInfoSeal {

    public static final String TYPE = "purchase-info+jwt";

    private PurchasingInfoSeal() {
    }

    public static String seal(TokenSigner signer, PurchasingInformation info) {
        var claims = new JWTClaimsSet.Builder()
                .issuer(info.merchantId()).jwtID(info.orderId())
                .issueTime(Date.from(info.issuedAt())).expirationTime(Date.from(info.expiresAt()))
                .claim("item", info.itemId()).claim("kind", info.kind()).claim("title", info.title())
                .claim("amount", info.price().amount()).claim("currency", info.price().currency())
                .claim("settle_at", info.settleAt().toString())
                .claim("tax_rate", info.taxRate())
                .build();
        return signer.sign(TYPE, claims);
    }

    /** Verifies the seal (signature, type, expiry) and returns what it seals. */
    public static PurchasingInformation open(TokenVerifier verifier, String sealed) throws TokenException {
        return read(verifier.verify(sealed, TYPE, null));
    }

    /**
     * What a seal says, its signature unchecked: only for a seal whose exact bytes someone who
     * checked it vouches for (an approval's {@code seal} hash, see {@link ApprovalClaims}).
     */
    public static PurchasingInformation readVouchedFor(String sealed) throws TokenException {
        if (sealed == null || sealed.length() > TokenVerifier.MAX_TOKEN_LENGTH) {
            throw new TokenException(TokenException.Reason.MALFORMED, "the purchasing information is missing or too long");
        }
        try {
            return read(com.nimbusds.jwt.SignedJWT.parse(sealed).getJWTClaimsSet());
        } catch (java.text.ParseException | RuntimeException e) {
            throw new TokenException(TokenException.Reason.MALFORMED, "the purchasing information is not a sealed JWT");
        }
    }

    /** The sealed rate, standard when the seal is older than rates; only a whole 10 or 8 otherwise. */
    private static int taxRateOf(JWTClaimsSet c) {
        Object rate = c.getClaim("tax_rate");
        if (rate == null) return ConsumptionTax.STANDARD;
        if (!(rate instanceof Number n) || n.doubleValue() != n.longValue() || !ConsumptionTax.isRate((int) n.longValue())) {
            throw new IllegalArgumentException("tax_rate must be 10 or 8");
        }
        return (int) n.longValue();
    }

    private static PurchasingInformation read(JWTClaimsSet c) throws TokenException {
        try {
            return new PurchasingInformation(c.getJWTID(), c.getIssuer(), c.getStringClaim("item"), c.getStringClaim("kind"),
                    c.getStringClaim("title"), Money.of(c.getLongClaim("amount"), c.getStringClaim("currency")),
                    URI.create(c.getStringClaim("settle_at")), c.getIssueTime().toInstant(), c.getExpirationTime().toInstant(),
                    taxRateOf(c));
        } catch (java.text.ParseException | RuntimeException e) {
            throw new TokenException(TokenException.Reason.MALFORMED, "the purchasing information lacks a field or has a wrong one");
        }
    }
}
