package dev.contentpay.auth.approval;

import dev.contentpay.platform.money.Money;

import java.time.Instant;

/**
 * One row of the recognition information table 52: an approval, and once judged, its allowance.
 * Statuses move ISSUED → ALLOWED → CHARGED → REFUNDED; ISSUED → REFUSED, EXPIRED or VOIDED (the
 * merchant gave up); ALLOWED → VOIDED (no payment notice in time; a late notice may still charge it).
 * {@code amount} is tax-inclusive; {@code taxRate} is the consumption tax rate in it (10, or 8 reduced).
 */
public record Approval(String id, String subscriberId, String merchantId, String pseudonym, String orderId,
                       String itemId, String title, Money amount, String period, Status status, Instant issuedAt,
                       Instant expiresAt, Instant judgedAt, String judgeKey, String verdictCode, String allowanceId,
                       Instant notifyBy, Instant chargedAt, String settlementId, int taxRate) {

    /** A standard-rated approval, as every approval was before rates were kept. */
    public Approval(String id, String subscriberId, String merchantId, String pseudonym, String orderId,
                    String itemId, String title, Money amount, String period, Status status, Instant issuedAt,
                    Instant expiresAt, Instant judgedAt, String judgeKey, String verdictCode, String allowanceId,
                    Instant notifyBy, Instant chargedAt, String settlementId) {
        this(id, subscriberId, merchantId, pseudonym, orderId, itemId, title, amount, period, status, issuedAt, expiresAt, judgedAt,
                judgeKey, verdictCode, allowanceId, notifyBy, chargedAt, settlementId, dev.contentpay.platform.money.ConsumptionTax.STANDARD);
    }

    public enum Status { ISSUED, ALLOWED, CHARGED, REFUSED, EXPIRED, VOIDED, REFUNDED }
}
