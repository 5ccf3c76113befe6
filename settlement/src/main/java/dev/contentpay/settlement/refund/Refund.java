package dev.contentpay.settlement.refund;

import dev.contentpay.platform.money.Money;

import java.time.Instant;

/**
 * A merchant's refund of one settlement, in full, and where telling the issuer stands:
 * {@code pending} (not yet acknowledged), {@code confirmed} (the issuer credited the buyer) or
 * {@code dead} (on the dead-letter list; an operator must resend it).
 */
public record Refund(String refundId, String settlementId, String allowanceId, Money amount, String reason,
                     Instant refundedAt, String status) {
}
