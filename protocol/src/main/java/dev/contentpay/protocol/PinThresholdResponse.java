package dev.contentpay.protocol;

import dev.contentpay.platform.money.Money;

/** The subscriber's PIN amount as it now stands; {@code amount} null means the PIN is never asked again. */
public record PinThresholdResponse(String subscriberId, Money amount) {
}
