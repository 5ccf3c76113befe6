package dev.contentpay.protocol.admin;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.money.Money;

/**
 * The issuer's operator opens a reversal of a charged purchase, named by its allowance, for one of
 * the reasons of {@link dev.contentpay.protocol.ReversalView#REASONS} (checked by the service, which
 * answers {@code reversal_reason_unknown}); {@code amount} is what to ask back, or without one what
 * remains of the charge.
 */
public record OpenReversalRequest(String allowanceId, String reason, Money amount) {
    public OpenReversalRequest {
        if (allowanceId == null || allowanceId.isEmpty()) throw ContentpayException.invalid("allowanceId", "is required");
        if (reason == null || reason.isEmpty()) throw ContentpayException.invalid("reason", "is required");
        if (amount != null && !amount.isPositive()) throw ContentpayException.invalid("amount", "must be a positive amount");
    }
}
