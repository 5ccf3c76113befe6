package dev.contentpay.protocol;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.contentpay.platform.money.Money;

import java.time.Instant;
import java.util.Date;

/**
 * What an approval token says: issued by {@code issuer} to the subscriber known to
 * {@code merchantId} as {@code pseudonym}, for one order and amount, until {@code expiresAt}.
 */
public record ApprovalClaims(String approvalId, String issuer, String merchantId, String pseudonym, String orderId,
                             String itemId, Money amount, Instant issuedAt, Instant expiresAt) {

    public static final String TYPE = "approval+jwt";

    public JWTClaimsSet toClaims() {
        return new JWTClaimsSet.Builder()
                .jwtID(approvalId).issuer(issuer).audience(merchantId).subject(pseudonym)
                .issueTime(Date.from(issuedAt)).expirationTime(Date.from(expiresAt))
                .claim("order", orderId).claim("item", itemId)
                .claim("amount", amount.amount()).claim("currency", amount.currency())
                .build();
    }

    public static ApprovalClaims from(JWTClaimsSet c) {
        return new ApprovalClaims(c.getJWTID(), c.getIssuer(), c.getAudience().isEmpty() ? null : c.getAudience().get(0),
                c.getSubject(), (String) c.getClaim("order"), (String) c.getClaim("item"),
                Money.of(((Number) c.getClaim("amount")).longValue(), (String) c.getClaim("currency")),
                c.getIssueTime().toInstant(), c.getExpirationTime().toInstant());
    }
}
