package dev.contentpay.protocol;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.contentpay.platform.money.Money;

import java.time.Instant;
import java.util.Date;

/**
 * What a payment allowance says ([0069]): the issuer allows {@code merchantId} to settle
 * {@code amount} for the approval {@code approvalId}; the pseudonym is the buyer as this merchant
 * knows them. {@code notifyBy} is when the issuer stops waiting for the payment notice.
 * {@code itemId} (claim {@code item}) is the item the approval was for, so that the allowance alone,
 * carried in the receipt as its issuer-signed transaction record, names what was bought; null in
 * allowances issued before it.
 */
public record AllowanceClaims(String allowanceId, String issuer, String merchantId, String pseudonym, String approvalId,
                              String orderId, String itemId, Money amount, Instant issuedAt, Instant notifyBy) {

    public static final String TYPE = "allowance+jwt";

    public JWTClaimsSet toClaims() {
        return new JWTClaimsSet.Builder()
                .jwtID(allowanceId).issuer(issuer).audience(merchantId).subject(pseudonym)
                .issueTime(Date.from(issuedAt)).expirationTime(Date.from(notifyBy))
                .claim("approval", approvalId).claim("order", orderId).claim("item", itemId)
                .claim("amount", amount.amount()).claim("currency", amount.currency())
                .build();
    }

    public static AllowanceClaims from(JWTClaimsSet c) {
        return new AllowanceClaims(c.getJWTID(), c.getIssuer(), c.getAudience().isEmpty() ? null : c.getAudience().get(0),
                c.getSubject(), (String) c.getClaim("approval"), (String) c.getClaim("order"),
                c.getClaim("item") instanceof String item ? item : null,
                Money.of(((Number) c.getClaim("amount")).longValue(), (String) c.getClaim("currency")),
                c.getIssueTime().toInstant(), c.getExpirationTime().toInstant());
    }
}
