package dev.contentpay.protocol;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.money.Money;

import java.time.Instant;

/** The notice of payment ([0072]-[0073]) that turns the issuer's reservation into a charge. */
public record PaymentNotice(String allowanceId, String settlementId, Money amount, Instant settledAt) {
    public PaymentNotice {
        if (allowanceId == null || allowanceId.isEmpty()) throw ContentpayException.invalid("allowanceId", "is required");
        if (settlementId == null || settlementId.isEmpty()) throw ContentpayException.invalid("settlementId", "is required");
        if (amount == null || amount.amount() <= 0) throw ContentpayException.invalid("amount", "must be a positive amount");
        if (settledAt == null) throw ContentpayException.invalid("settledAt", "is required");
    }
}
