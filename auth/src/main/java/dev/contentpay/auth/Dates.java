package dev.contentpay.auth;

import dev.contentpay.platform.error.ContentpayException;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Calendar days in query parameters: {@code YYYY-MM-DD}, days of the issuer's billing zone ({@code billing.zone}). */
public final class Dates {

    private Dates() {
    }

    public static LocalDate parse(String name, String value) {
        if (value == null || value.isEmpty()) throw ContentpayException.invalid(name, "is required, as YYYY-MM-DD");
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ContentpayException.invalid(name, "must be a date as YYYY-MM-DD");
        }
    }

    public static LocalDate parseOr(String name, String value, LocalDate fallback) {
        return value == null || value.isEmpty() ? fallback : parse(name, value);
    }
}
