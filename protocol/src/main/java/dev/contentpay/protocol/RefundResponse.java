package dev.contentpay.protocol;

import dev.contentpay.platform.money.Money;

/** The issuer's acknowledgement of a refund; the same for every repeat of it. */
public record RefundResponse(String refundId, String allowanceId, String status, Money amount) {
}
