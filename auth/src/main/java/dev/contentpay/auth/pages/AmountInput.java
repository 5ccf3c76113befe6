package dev.contentpay.auth.pages;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.money.Money;


/**
 * An amount typed by a person, in the currency's usual units: "5000", "5,000", "¥5,000" for yen,
 * "12.50" for euros. Exact: through BigDecimal, never a double; more decimals than the currency
 * has is refused rather than rounded.
 */
final class AmountInput {

    private AmountInput() {
    }

    static Money parse(String typed, String currency) {
        return Money.parse(typed, currency)
                .orElseThrow(() -> ContentpayException.invalid("limit", "Enter the amount as a number, for example " + example(currency) + "."));
    }

    /** An amount as it may be typed in {@code currency}: {@code 5000} yen, {@code 50.00} euros. */
    static String example(String currency) {
        return Money.minorDigits(currency) == 0 ? "5000" : "50." + "0".repeat(Money.minorDigits(currency));
    }
}
