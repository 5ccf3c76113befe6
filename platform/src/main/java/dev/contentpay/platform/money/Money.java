package dev.contentpay.platform.money;

import java.util.Currency;
import java.util.Objects;

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

    @Override
    public String toString() {
        return amount + " " + currency;
    }
}
