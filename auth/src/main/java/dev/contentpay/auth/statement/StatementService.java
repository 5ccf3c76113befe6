package dev.contentpay.auth.statement;

import dev.contentpay.auth.approval.ApprovalStore;
import dev.contentpay.auth.approval.BudgetPeriods;
import dev.contentpay.auth.approval.BudgetStore;
import dev.contentpay.auth.merchant.Merchant;
import dev.contentpay.auth.merchant.MerchantRegistry;
import dev.contentpay.auth.subscriber.Subscriber;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.money.ConsumptionTax;
import dev.contentpay.platform.money.Money;
import dev.contentpay.platform.time.BillingZone;
import dev.contentpay.protocol.DailyTotals;
import dev.contentpay.protocol.Statement;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/**
 * Bills, from the member use information (53): a subscriber's statement for a period, and a
 * merchant's daily totals for reconciliation. Days are cut in the issuer's billing zone
 * ({@link BillingZone}). A statement's lines are its charges, refunds and voids, and for points
 * subscribers the points each charge earned and each refund took back, each right after its charge
 * or refund; as a qualified invoice it states the consumption tax per rate ({@link ConsumptionTax}).
 */
public final class StatementService {

    /** Statements and daily totals cover at most this many days at once. */
    private static final int MAX_DAYS = 366;

    private final Database db;
    private final ApprovalStore approvalStore;
    private final BudgetStore budgets;
    private final MerchantRegistry merchants;
    private final Clock clock;
    private final BudgetPeriods periods;
    private final String issuerRegistrationNumber;
    private final dev.contentpay.platform.crypto.Environment environment;

    /**
     * @param issuerRegistrationNumber the issuer's qualified invoice registration number, or null
     * @param environment              the issuer's: a sandbox's statements are marked as test statements
     */
    public StatementService(Database db, ApprovalStore approvalStore, BudgetStore budgets, MerchantRegistry merchants, Clock clock,
                            BudgetPeriods periods, String issuerRegistrationNumber, dev.contentpay.platform.crypto.Environment environment) {
        this.environment = environment;
        this.issuerRegistrationNumber = issuerRegistrationNumber;
        this.periods = periods;
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
            List<ApprovalStore.UseLine> rows = approvalStore.useLinesOf(h, subscriber.id(), zone().startOf(from), zone().endOf(to));
            long charged = sum(rows, "CHARGE"), refunded = sum(rows, "REFUND"), voided = sum(rows, "VOID");
            var budget = budgets.get(h, subscriber.id(), periods.periodOf(subscriber, clock.instant()));
            long limit = subscriber.limitKind() == Subscriber.LimitKind.CREDIT && budget.cap() == 0 ? subscriber.creditLimit() : budget.cap();
            var lines = rows.stream().map(r -> {
                var merchant = merchants.find(r.merchantId());
                return new Statement.Line(r.at(), r.kind().toLowerCase(), r.approvalId(), merchant.map(Merchant::name).orElse(r.merchantId()),
                        r.itemId(), r.title(), r.amount(), r.kind().startsWith("POINTS") ? null : r.taxRate(),
                        merchant.map(Merchant::invoiceRegistrationNumber).orElse(null));
            }).toList();
            return new Statement(subscriber.id(), subscriber.limitKind().name().toLowerCase(), from, to, Money.of(charged, currency),
                    Money.of(refunded, currency), Money.of(voided, currency), Money.of(charged - refunded, currency),
                    Money.of(limit, currency), Money.of(limit - budget.reserved() - budget.charged(), currency), lines,
                    zone().id(), issuerRegistrationNumber, taxes(rows), environment.mark());
        });
    }

    /** Every charge and refund of one merchant whose merchant-side time falls on {@code date}. */
    public DailyTotals dailyTotals(String merchantId, LocalDate date) {
        return db.withHandle(h -> {
            var entries = approvalStore.chargesAndRefunds(h, merchantId, zone().startOf(date), zone().endOf(date));
            // "XXX" is ISO 4217's code for "no currency": a day without entries has no currency of its own.
            String currency = entries.isEmpty() ? "XXX" : entries.get(0).amount().currency();
            long charged = entries.stream().filter(e -> e.kind().equals("charge")).mapToLong(e -> e.amount().amount()).sum();
            long refunded = entries.stream().filter(e -> e.kind().equals("refund")).mapToLong(e -> e.amount().amount()).sum();
            return new DailyTotals(merchantId, date, currency, Money.of(charged, currency), Money.of(refunded, currency), entries, zone().id());
        });
    }

    /** Per rate, charges less refunds and the tax in them, rounded once per rate; voids were never charged. */
    private static List<Statement.Tax> taxes(List<ApprovalStore.UseLine> rows) {
        var lines = rows.stream().filter(r -> r.kind().equals("CHARGE") || r.kind().equals("REFUND"))
                .map(r -> new ConsumptionTax.Line(r.kind().equals("REFUND") ? Money.of(-r.amount().amount(), r.amount().currency()) : r.amount(),
                        r.taxRate())).toList();
        return ConsumptionTax.perRate(lines).stream().map(p -> new Statement.Tax(p.rate(), p.inclusive(), p.tax())).toList();
    }

    private static long sum(List<ApprovalStore.UseLine> rows, String kind) {
        return rows.stream().filter(r -> r.kind().equals(kind)).mapToLong(r -> r.amount().amount()).sum();
    }

    /** The billing zone in which statements' and daily totals' days are cut. */
    public BillingZone zone() {
        return periods.zone();
    }

    /** Today in the billing zone: the default end of a statement, which by default starts on the first of its month. */
    public LocalDate today() {
        return zone().today(clock);
    }
}
