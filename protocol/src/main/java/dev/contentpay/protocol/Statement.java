package dev.contentpay.protocol;

import dev.contentpay.platform.money.Money;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A subscriber's bill for a period (UTC days {@code from} to {@code to}, both included): every
 * charge, refund and void, their totals, and what remains of the limit now.
 */
public record Statement(String subscriberId, String limitKind, LocalDate from, LocalDate to, Money charged, Money refunded,
                        Money voided, Money net, Money limit, Money remaining, List<Line> lines) {

    /** One line of the bill. */
    public record Line(Instant at, String kind, String approvalId, String merchantName, String itemId, String title, Money amount) {
    }
}
