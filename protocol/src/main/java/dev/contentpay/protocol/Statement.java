package dev.contentpay.protocol;

import dev.contentpay.platform.money.Money;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A subscriber's bill for a period (days {@code from} to {@code to}, both included, of the issuer's
 * billing zone, named by {@code zone}): every charge, refund and void, their totals, and what
 * remains of the limit now. Times ({@code at}) are instants in UTC; people read them in the zone.
 *
 * <p>As a qualified invoice (適格請求書) it states the issuer's registration number (null when it has
 * none), each line's consumption tax rate and, where known, its merchant's registration number, and
 * {@code taxes}: per rate, the tax-inclusive total of the charges less the refunds and the tax in
 * it, rounded down once per rate (the platform's {@code ConsumptionTax}).
 *
 * <p>{@code env} is the issuer's environment: {@code sandbox} marks a test statement, of test
 * purchases that bill no one (docs/MERCHANTS.md, "Sandbox"); {@code live} a bill.
 */
public record Statement(String subscriberId, String limitKind, LocalDate from, LocalDate to, Money charged, Money refunded,
                        Money voided, Money net, Money limit, Money remaining, List<Line> lines, String zone,
                        String issuerRegistrationNumber, List<Tax> taxes, String env) {

    /** One line of the bill, with the tax rate of its item. */
    public record Line(Instant at, String kind, String approvalId, String merchantName, String itemId, String title, Money amount,
                       Integer taxRate, String merchantRegistrationNumber) {
    }

    /** One rate's part of the bill: its tax-inclusive total (charges less refunds) and the consumption tax in it. */
    public record Tax(int rate, Money inclusive, Money tax) {
    }
}
