package dev.contentpay.protocol;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.money.Money;

/**
 * A settlement server's request over the dedicated line ([0066]): judge this approval, for this
 * order and amount. The merchant is the authenticated caller, never a field of the body.
 */
public record JudgeRequest(String approval, String orderId, Money amount) {
    public JudgeRequest {
        if (approval == null || approval.isEmpty()) throw ContentpayException.invalid("approval", "is required");
        if (orderId == null || orderId.isEmpty()) throw ContentpayException.invalid("orderId", "is required");
        if (amount == null || amount.amount() <= 0) throw ContentpayException.invalid("amount", "must be a positive amount");
    }
}
