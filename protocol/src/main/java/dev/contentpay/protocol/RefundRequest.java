package dev.contentpay.protocol;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.money.Money;

import java.time.Instant;

/**
 * A merchant's refund of part or all of a charged settlement. Applied once per refund id: the
 * issuer credits the subscriber with {@code amount} (gives back the budget, the prepaid balance or
 * the points) and both statements show it. A charge may be refunded by several, up to its amount.
 */
public record RefundRequest(String refundId, String allowanceId, String settlementId, Money amount, Instant refundedAt) {
    public RefundRequest {
        if (refundId == null || refundId.isEmpty()) throw ContentpayException.invalid("refundId", "is required");
        if (allowanceId == null || allowanceId.isEmpty()) throw ContentpayException.invalid("allowanceId", "is required");
        if (settlementId == null || settlementId.isEmpty()) throw ContentpayException.invalid("settlementId", "is required");
        if (amount == null || amount.amount() <= 0) throw ContentpayException.invalid("amount", "must be a positive amount");
        if (refundedAt == null) throw ContentpayException.invalid("refundedAt", "is required");
    }
}
