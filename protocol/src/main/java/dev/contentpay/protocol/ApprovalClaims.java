package dev.contentpay.protocol;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.contentpay.platform.money.Money;

import java.time.Instant;
import java.util.Date;

/**
 * What an approval token says: issued by {@code issuer} to the subscriber known to
 * {@code merchantId} as {@code pseudonym}, for one order and amount, until {@code expiresAt}.
 * {@code sealSha256} (claim {@code seal}) is {@link #sealHash} of the sealed purchasing information
 * the issuer opened and approved: the merchant, holding the approval, knows the very bytes the
 * issuer checked and need not check the seal's signature again. Null in approvals issued before it.
 */
public record ApprovalClaims(String approvalId, String issuer, String merchantId, String pseudonym, String orderId,
                             String itemId, Money amount, Instant issuedAt, Instant expiresAt, String sealSha256) {

    public static final String TYPE = "approval+jwt";

    public JWTClaimsSet toClaims() {
        return new JWTClaimsSet.Builder()
                .jwtID(approvalId).issuer(issuer).audience(merchantId).subject(pseudonym)
                .issueTime(Date.from(issuedAt)).expirationTime(Date.from(expiresAt))
                .claim("order", orderId).claim("item", itemId)
                .claim("amount", amount.amount()).claim("currency", amount.currency())
                .claim("seal", sealSha256)
                .build();
    }

    public static ApprovalClaims from(JWTClaimsSet c) {
        return new ApprovalClaims(c.getJWTID(), c.getIssuer(), c.getAudience().isEmpty() ? null : c.getAudience().get(0),
                c.getSubject(), (String) c.getClaim("order"), (String) c.getClaim("item"),
                Money.of(((Number) c.getClaim("amount")).longValue(), (String) c.getClaim("currency")),
                c.getIssueTime().toInstant(), c.getExpirationTime().toInstant(),
                c.getClaim("seal") instanceof String seal ? seal : null);
    }

    /** The base64url SHA-256 of a sealed purchasing information, as the {@code seal} claim holds it. */
    public static String sealHash(String sealed) {
        return dev.contentpay.platform.crypto.ClientAssertions.bodyHash(sealed.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
