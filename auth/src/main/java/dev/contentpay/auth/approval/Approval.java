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

    /**
     * This issued approval as {@code allow} leaves its row, for the transaction that allowed it to go
     * on with, without reading the row back: the times as the row keeps them (milliseconds).
     */
    public Approval allowed(Instant judgedAt, String judgeKey, String allowanceId, Instant notifyBy) {
        return new Approval(id, subscriberId, merchantId, pseudonym, orderId, itemId, title, amount, period, Status.ALLOWED, issuedAt,
                expiresAt, Instant.ofEpochMilli(judgedAt.toEpochMilli()), judgeKey, "allowed", allowanceId,
                Instant.ofEpochMilli(notifyBy.toEpochMilli()), chargedAt, settlementId, taxRate);
    }

    /** This allowed approval as {@code charge} leaves its row, likewise without reading it back. */
    public Approval charged(Instant chargedAt, String settlementId) {
        return new Approval(id, subscriberId, merchantId, pseudonym, orderId, itemId, title, amount, period, Status.CHARGED, issuedAt,
                expiresAt, judgedAt, judgeKey, verdictCode, allowanceId, notifyBy, Instant.ofEpochMilli(chargedAt.toEpochMilli()),
                settlementId, taxRate);
    }

    public enum Status { ISSUED, ALLOWED, CHARGED, REFUSED, EXPIRED, VOIDED, REFUNDED }
}
