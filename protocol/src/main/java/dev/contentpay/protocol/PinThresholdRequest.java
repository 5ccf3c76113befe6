package dev.contentpay.protocol;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.money.Money;

/**
 * The subscriber's own choice of the amount above which their PIN is asked again
 * ({@code PUT /v1/subscriber/pin-threshold}); {@code amount} null means never. Lowering it needs
 * only the password; raising or removing it weakens the step-up, so it needs the PIN as well.
 */
public record PinThresholdRequest(Money amount, String pin) {
    public PinThresholdRequest {
        if (amount != null && amount.amount() < 0) throw ContentpayException.invalid("amount", "must not be negative");
        if (pin != null && (pin.isEmpty() || pin.length() > 32)) throw ContentpayException.invalid("pin", "must be 1 to 32 characters");
    }

    /** Never prints the PIN. */
    @Override
    public String toString() {
        return "PinThresholdRequest[amount=" + amount + ", pin=" + (pin == null ? "none" : "***") + "]";
    }
}
