package dev.contentpay.protocol;

import dev.contentpay.platform.money.Money;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The issuer's record of one merchant's day, for reconciliation: every charge and refund it holds,
 * dated by the merchant's own settlement and refund times so both sides cut days alike. The day is
 * cut in the issuer's billing zone, named by {@code zone} (a region id such as {@code Asia/Tokyo});
 * null from an issuer that did not name it, which cut days in UTC.
 */
public record DailyTotals(String merchantId, LocalDate date, String currency, Money charged, Money refunded,
                          List<Entry> entries, String zone) {

    /** One charge ({@code kind = "charge"}) or refund ({@code kind = "refund"}). */
    public record Entry(String kind, String allowanceId, String settlementId, String refundId, Money amount, Instant at) {
    }
}
