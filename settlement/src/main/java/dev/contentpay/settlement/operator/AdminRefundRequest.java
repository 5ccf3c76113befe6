package dev.contentpay.settlement.operator;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.id.Ids;

/** The operator's order to refund a settlement in full; {@code reason} is optional and shown on the page and in the feed. */
public record AdminRefundRequest(String settlementId, String reason) {
    public AdminRefundRequest {
        if (!Ids.isWellFormed(settlementId)) throw ContentpayException.invalid("settlementId", "must be a settlement id from a receipt");
    }
}
