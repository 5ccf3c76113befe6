package dev.contentpay.protocol.admin;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.money.Money;

/** An amount to set or add: a new limit, a top-up, points granted. */
public record AmountRequest(Money amount) {
    public AmountRequest {
        if (amount == null || amount.amount() < 0) throw ContentpayException.invalid("amount", "must be zero or more");
    }
}
