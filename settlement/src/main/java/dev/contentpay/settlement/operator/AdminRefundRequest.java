package dev.contentpay.settlement.operator;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.platform.money.Money;

/**
 * The operator's order to refund a settlement: {@code amount} of it, or without one whatever
 * remains, so that a merchant can give part of a price back and the rest later. {@code reason} is
 * optional and shown on the page and in the feed.
 */
public record AdminRefundRequest(String settlementId, Money amount, String reason) {
    public AdminRefundRequest {
        if (!Ids.isWellFormed(settlementId)) throw ContentpayException.invalid("settlementId", "must be a settlement id from a receipt");
        if (amount != null && !amount.isPositive()) throw ContentpayException.invalid("amount", "must be a positive amount");
    }
}
