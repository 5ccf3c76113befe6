package dev.contentpay.platform.money;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Currency;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An amount of money in integer minor units of an ISO 4217 currency. Never a floating-point number:
 * 300 JPY is {@code new Money(300, "JPY")}, 1.50 EUR is {@code new Money(150, "EUR")}.
 */
public record Money(long amount, String currency) {

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (!isKnownCurrency(currency)) {
            throw new IllegalArgumentException("unknown ISO 4217 currency code: " + currency);
        }
    }

    public static Money of(long amount, String currency) {
        return new Money(amount, currency);
    }

    public static boolean isKnownCurrency(String code) {
        if (code == null || code.length() != 3) return false;
        try {
            return Currency.getInstance(code).getCurrencyCode().equals(code);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.addExact(amount, other.amount), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.subtractExact(amount, other.amount), currency);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isPositive() {
        return amount > 0;
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("currency mismatch: " + currency + " and " + other.currency);
        }
    }

    /** The currency's own number of minor digits: 0 for JPY, 2 for EUR; pseudo-currencies such as XAU count as 0. */
    public static int minorDigits(String currency) {
        return Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
    }

    /**
     * The amount for people, as a price reads on every party's pages: the currency's symbol and
     * its own number of minor digits, grouped by thousands, so 800 JPY reads {@code ¥800} and 150 EUR
     * (minor units) {@code €1.50}; a currency without a symbol of its own is shown by code,
     * {@code CHF 5.00}. In Japanese, yen read {@code 1,200円}. Exact: minor units go through
     * BigDecimal, never a double.
     */
    public String display(Locale locale) {
        String number = grouped();
        if ("JPY".equals(currency) && "ja".equals(locale.getLanguage())) return number + "円";
        String symbol = Currency.getInstance(currency).getSymbol(Locale.US);
        return symbol.equals(currency) ? symbol + " " + number : symbol + number;
    }

    /** The amount for operators and the command line: {@code 1,200 JPY}, {@code 1.50 EUR}. */
    public String plain() {
        return grouped() + " " + currency;
    }

    private String grouped() {
        int digits = minorDigits(currency);
        var pattern = new DecimalFormat(digits == 0 ? "#,##0" : "#,##0." + "0".repeat(digits), DecimalFormatSymbols.getInstance(Locale.US));
        return pattern.format(BigDecimal.valueOf(amount, digits));
    }

    private static final Pattern TYPED = Pattern.compile("\\d{1,18}(\\.\\d{1,18})?");

    /**
     * An amount a person typed in the currency's usual units: {@code 5000}, {@code 5,000},
     * {@code ¥5,000} or {@code 5,000円} for yen, {@code 12.50} for euros. Empty for anything else:
     * a sign, letters, or more decimals than the currency has (refused, never rounded).
     */
    public static Optional<Money> parse(String typed, String currency) {
        if (typed == null || !isKnownCurrency(currency)) return Optional.empty();
        String cleaned = typed.strip().replace(",", "").replace(" ", "")
                .replace(Currency.getInstance(currency).getSymbol(Locale.US), "");
        if ("JPY".equals(currency)) cleaned = cleaned.replace("¥", "").replace("￥", "").replace("円", "");
        if (!TYPED.matcher(cleaned).matches()) return Optional.empty();
        BigDecimal units = new BigDecimal(cleaned);
        return units.scale() > minorDigits(currency) ? Optional.empty() : ofUnits(units, currency);
    }

    /**
     * A decimal amount in the currency's usual units as minor units, exactly: 12.50 EUR is 1250,
     * 1000 JPY is 1000. Empty when negative, finer than the currency allows, or beyond a long.
     */
    public static Optional<Money> ofUnits(BigDecimal units, String currency) {
        if (units == null || units.signum() < 0 || !isKnownCurrency(currency)) return Optional.empty();
        try {
            return Optional.of(new Money(units.movePointRight(minorDigits(currency)).longValueExact(), currency));
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return amount + " " + currency;
    }
}
