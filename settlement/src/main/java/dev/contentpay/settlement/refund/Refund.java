package dev.contentpay.settlement.refund;

import dev.contentpay.platform.money.Money;

import java.time.Instant;

/**
 * A merchant's refund of part or all of one settlement, and where telling the issuer stands:
 * {@code pending} (not yet acknowledged), {@code confirmed} (the issuer credited the buyer) or
 * {@code dead} (on the dead-letter list; an operator must resend it). A settlement may have
 * several; {@code settlementRefunded} is what its refunds had given back once this one was made,
 * and {@code settlementRemaining} what was left to refund then (zero: refunded in full).
 */
public record Refund(String refundId, String settlementId, String allowanceId, Money amount, String reason,
                     Instant refundedAt, String status, Money settlementRefunded, Money settlementRemaining) {
}
