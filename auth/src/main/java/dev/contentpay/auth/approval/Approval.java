package dev.contentpay.auth.approval;

import dev.contentpay.platform.money.Money;

import java.time.Instant;

/**
 * One row of the recognition information table 52: an approval, and once judged, its allowance.
 * Statuses move ISSUED → ALLOWED → CHARGED, or ISSUED → REFUSED or EXPIRED, or ALLOWED → VOIDED.
 */
public record Approval(String id, String subscriberId, String merchantId, String pseudonym, String orderId,
                       String itemId, String title, Money amount, String period, Status status, Instant issuedAt,
                       Instant expiresAt, Instant judgedAt, String judgeKey, String verdictCode, String allowanceId,
                       Instant notifyBy, Instant chargedAt, String settlementId) {

    public enum Status { ISSUED, ALLOWED, CHARGED, REFUSED, EXPIRED, VOIDED }
}
