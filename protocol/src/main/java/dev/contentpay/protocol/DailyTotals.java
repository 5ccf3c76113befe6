package dev.contentpay.protocol;

import dev.contentpay.platform.money.Money;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The issuer's record of one merchant's day (UTC), for reconciliation: every charge and refund it
 * holds, dated by the merchant's own settlement and refund times so both sides cut days alike.
 */
public record DailyTotals(String merchantId, LocalDate date, String currency, Money charged, Money refunded,
                          List<Entry> entries) {

    /** One charge ({@code kind = "charge"}) or refund ({@code kind = "refund"}). */
    public record Entry(String kind, String allowanceId, String settlementId, String refundId, Money amount, Instant at) {
    }
}
