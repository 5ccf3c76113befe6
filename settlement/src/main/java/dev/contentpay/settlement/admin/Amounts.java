package dev.contentpay.settlement.admin;

import dev.contentpay.platform.money.Money;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Currency;
import java.util.Locale;

/** Amounts (and counts) for people: {@code 1,200 JPY}, {@code 1.50 EUR}; minor units go through BigDecimal, never a double. */
public final class Amounts {

    private Amounts() {
    }

    public static String format(Money m) {
        return format(m.amount(), m.currency());
    }

    /** {@code 1 refund}, {@code 4 refunds}. */
    public static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    public static String format(long minorUnits, String currency) {
        int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        var pattern = new DecimalFormat(digits == 0 ? "#,##0" : "#,##0." + "0".repeat(digits), DecimalFormatSymbols.getInstance(Locale.US));
        return pattern.format(BigDecimal.valueOf(minorUnits, digits)) + " " + currency;
    }
}
