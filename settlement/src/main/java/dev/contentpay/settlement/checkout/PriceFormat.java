package dev.contentpay.settlement.checkout;

import dev.contentpay.platform.money.Money;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Currency;
import java.util.Locale;

/**
 * Prices for people: the currency's symbol and the amount with the currency's own number of minor
 * digits, so 800 JPY reads "¥800" and 150 EUR (minor units) reads "€1.50". Exact: minor units go
 * through BigDecimal, never a double. The same as the shop's, so a buyer reads a price one way on
 * every party's pages.
 */
final class PriceFormat {

    private PriceFormat() {
    }

    static String format(Money price) {
        Currency currency = Currency.getInstance(price.currency());
        // Pseudo-currencies such as XAU report -1 digits; they are shown as whole units.
        int digits = Math.max(0, currency.getDefaultFractionDigits());
        var pattern = new DecimalFormat(digits == 0 ? "#,##0" : "#,##0." + "0".repeat(digits),
                DecimalFormatSymbols.getInstance(Locale.US));
        return symbolOf(currency) + pattern.format(BigDecimal.valueOf(price.amount(), digits));
    }

    /** The common symbol ("¥", "$", "€"); currencies without one are shown by code, "CHF 5.00". */
    private static String symbolOf(Currency currency) {
        String symbol = currency.getSymbol(Locale.US);
        return symbol.equals(currency.getCurrencyCode()) ? symbol + " " : symbol;
    }
}
