package dev.contentpay.auth.statement;

import dev.contentpay.auth.approval.BudgetStore;
import dev.contentpay.auth.merchant.Merchant;
import dev.contentpay.auth.merchant.MerchantRegistry;
import dev.contentpay.auth.subscriber.Subscriber;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.DailyTotals;
import dev.contentpay.protocol.Statement;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Bills, from the member use information (53): a subscriber's statement for a period, and a
 * merchant's daily totals for reconciliation. Days are UTC. A statement's lines are its charges,
 * refunds and voids, and for points subscribers the points each charge earned and each refund took
 * back, each right after its charge or refund.
 */
public final class StatementService {

    /** Statements and daily totals cover at most this many days at once. */
    private static final int MAX_DAYS = 366;

    private final Database db;
    private final MerchantRegistry merchants;
    private final Clock clock;

    public StatementService(Database db, MerchantRegistry merchants, Clock clock) {
        this.db = db;
        this.merchants = merchants;
        this.clock = clock;
    }

    private record Row(Instant at, String kind, String approvalId, String merchantId, String itemId, String title, Money amount) {
    }

    public Statement statement(Subscriber subscriber, LocalDate from, LocalDate to) {
        if (to.isBefore(from)) throw ContentpayException.invalid("to", "must not be before from");
        if (from.plusDays(MAX_DAYS).isBefore(to)) throw ContentpayException.invalid("to", "a statement covers at most " + MAX_DAYS + " days");
        String currency = subscriber.currency();
        return db.withHandle(h -> {
            List<Row> rows = h.createQuery("""
                            SELECT u.recorded_at, u.kind, u.approval_id, u.merchant_id, a.item_id, a.title, u.amount, u.currency
                              FROM use_entry u JOIN approval a ON a.id = u.approval_id
                             WHERE u.subscriber_id = :s AND u.recorded_at >= :from AND u.recorded_at < :to
                             ORDER BY u.recorded_at, CASE WHEN u.kind LIKE 'POINTS%' THEN 1 ELSE 0 END, u.id""")
                    .bind("s", subscriber.id()).bind("from", startOf(from)).bind("to", startOf(to.plusDays(1)))
                    .map((rs, ctx) -> new Row(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), Money.of(rs.getLong(7), rs.getString(8))))
                    .list();
            long charged = sum(rows, "CHARGE"), refunded = sum(rows, "REFUND"), voided = sum(rows, "VOID");
            var budget = BudgetStore.get(h, subscriber.id(), BudgetStore.periodOf(subscriber, clock.instant()));
            long limit = subscriber.limitKind() == Subscriber.LimitKind.CREDIT && budget.cap() == 0 ? subscriber.creditLimit() : budget.cap();
            var lines = rows.stream().map(r -> new Statement.Line(r.at(), r.kind().toLowerCase(), r.approvalId(),
                    merchants.find(r.merchantId()).map(Merchant::name).orElse(r.merchantId()), r.itemId(), r.title(), r.amount())).toList();
            return new Statement(subscriber.id(), subscriber.limitKind().name().toLowerCase(), from, to, Money.of(charged, currency),
                    Money.of(refunded, currency), Money.of(voided, currency), Money.of(charged - refunded, currency),
                    Money.of(limit, currency), Money.of(limit - budget.reserved() - budget.charged(), currency), lines);
        });
    }

    /** Every charge and refund of one merchant whose merchant-side time falls on {@code date}. */
    public DailyTotals dailyTotals(String merchantId, LocalDate date) {
        return db.withHandle(h -> {
            var entries = h.createQuery("""
                            SELECT u.kind, a.allowance_id, u.settlement_id, u.refund_id, u.amount, u.currency, u.occurred_at
                              FROM use_entry u JOIN approval a ON a.id = u.approval_id
                             WHERE u.merchant_id = :m AND u.kind IN ('CHARGE', 'REFUND') AND u.occurred_at >= :from AND u.occurred_at < :to
                             ORDER BY u.occurred_at, u.id""")
                    .bind("m", merchantId).bind("from", startOf(date)).bind("to", startOf(date.plusDays(1)))
                    .map((rs, ctx) -> new DailyTotals.Entry(rs.getString(1).toLowerCase(), rs.getString(2), rs.getString(3), rs.getString(4),
                            Money.of(rs.getLong(5), rs.getString(6)), Instant.ofEpochMilli(rs.getLong(7))))
                    .list();
            // "XXX" is ISO 4217's code for "no currency": a day without entries has no currency of its own.
            String currency = entries.isEmpty() ? "XXX" : entries.get(0).amount().currency();
            long charged = entries.stream().filter(e -> e.kind().equals("charge")).mapToLong(e -> e.amount().amount()).sum();
            long refunded = entries.stream().filter(e -> e.kind().equals("refund")).mapToLong(e -> e.amount().amount()).sum();
            return new DailyTotals(merchantId, date, currency, Money.of(charged, currency), Money.of(refunded, currency), entries);
        });
    }

    private static long sum(List<Row> rows, String kind) {
        return rows.stream().filter(r -> r.kind().equals(kind)).mapToLong(r -> r.amount().amount()).sum();
    }

    private static long startOf(LocalDate day) {
        return day.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    }
}
