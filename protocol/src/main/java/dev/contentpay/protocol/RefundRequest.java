package dev.contentpay.protocol;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.money.Money;

import java.time.Instant;

/**
 * A merchant's refund of a charged settlement, in full. Applied once per allowance: the issuer
 * credits the subscriber (gives back the budget or the prepaid balance) and both statements show it.
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
