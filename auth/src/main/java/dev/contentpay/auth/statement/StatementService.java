package dev.contentpay.auth.statement;

import dev.contentpay.auth.approval.ApprovalStore;
import dev.contentpay.auth.approval.BudgetPeriods;
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
    private final ApprovalStore approvalStore;
    private final BudgetStore budgets;
    private final MerchantRegistry merchants;
    private final Clock clock;

    public StatementService(Database db, ApprovalStore approvalStore, BudgetStore budgets, MerchantRegistry merchants, Clock clock) {
        this.db = db;
        this.approvalStore = approvalStore;
        this.budgets = budgets;
        this.merchants = merchants;
        this.clock = clock;
    }

    public Statement statement(Subscriber subscriber, LocalDate from, LocalDate to) {
        if (to.isBefore(from)) throw ContentpayException.invalid("to", "must not be before from");
        if (from.plusDays(MAX_DAYS).isBefore(to)) throw ContentpayException.invalid("to", "a statement covers at most " + MAX_DAYS + " days");
        String currency = subscriber.currency();
        return db.withHandle(h -> {
            List<ApprovalStore.UseLine> rows = approvalStore.useLinesOf(h, subscriber.id(), startOf(from), startOf(to.plusDays(1)));
            long charged = sum(rows, "CHARGE"), refunded = sum(rows, "REFUND"), voided = sum(rows, "VOID");
            var budget = budgets.get(h, subscriber.id(), BudgetPeriods.periodOf(subscriber, clock.instant()));
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
            var entries = approvalStore.chargesAndRefunds(h, merchantId, startOf(date), startOf(date.plusDays(1)));
            // "XXX" is ISO 4217's code for "no currency": a day without entries has no currency of its own.
            String currency = entries.isEmpty() ? "XXX" : entries.get(0).amount().currency();
            long charged = entries.stream().filter(e -> e.kind().equals("charge")).mapToLong(e -> e.amount().amount()).sum();
            long refunded = entries.stream().filter(e -> e.kind().equals("refund")).mapToLong(e -> e.amount().amount()).sum();
            return new DailyTotals(merchantId, date, currency, Money.of(charged, currency), Money.of(refunded, currency), entries);
        });
    }

    private static long sum(List<ApprovalStore.UseLine> rows, String kind) {
        return rows.stream().filter(r -> r.kind().equals(kind)).mapToLong(r -> r.amount().amount()).sum();
    }

    private static long startOf(LocalDate day) {
        return day.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    }
}
