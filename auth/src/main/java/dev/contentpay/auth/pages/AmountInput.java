package dev.contentpay.auth.pages;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.money.Money;

import java.math.BigDecimal;
import java.util.Currency;

/**
 * An amount typed by a person, in the currency's usual units: "5000", "5,000", "¥5,000" for yen,
 * "12.50" for euros. Exact: through BigDecimal, never a double; more decimals than the currency
 * has is refused rather than rounded.
 */
final class AmountInput {

    private AmountInput() {
    }

    static Money parse(String typed, String currency) {
        int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        String example = digits == 0 ? "5000" : "50." + "0".repeat(digits);
        ContentpayException invalid = ContentpayException.invalid("limit", "Enter the amount as a number, for example " + example + ".");
        if (typed == null) throw invalid;
        String cleaned = typed.strip().replace(",", "").replace(" ", "").replace(Currency.getInstance(currency).getSymbol(java.util.Locale.US), "")
                .replace("¥", "").replace("￥", "");
        if (cleaned.isEmpty() || cleaned.length() > 20 || !cleaned.matches("\\d+(\\.\\d+)?")) throw invalid;
        BigDecimal value = new BigDecimal(cleaned);
        if (value.scale() > digits) throw invalid;
        try {
            return Money.of(value.movePointRight(digits).longValueExact(), currency);
        } catch (ArithmeticException e) {
            throw invalid;
        }
    }
}
