package dev.contentpay.auth.approval;

import dev.contentpay.auth.merchant.Merchant;
import dev.contentpay.auth.merchant.MerchantRegistry;
import dev.contentpay.auth.subscriber.Subscriber;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.History;

import java.time.Clock;

/** The subscriber's own view: their limit, what is reserved and charged this period, and their purchases. */
public final class HistoryService {

    private static final int MAX_ENTRIES = 200;

    private final Database db;
    private final ApprovalStore approvalStore;
    private final BudgetStore budgets;
    private final MerchantRegistry merchants;
    private final Clock clock;
    private final BudgetPeriods periods;

    public HistoryService(Database db, ApprovalStore approvalStore, BudgetStore budgets, MerchantRegistry merchants, Clock clock,
                          BudgetPeriods periods) {
        this.periods = periods;
        this.db = db;
        this.approvalStore = approvalStore;
        this.budgets = budgets;
        this.merchants = merchants;
        this.clock = clock;
    }

    public History of(Subscriber subscriber) {
        boolean prepaid = subscriber.limitKind() != Subscriber.LimitKind.CREDIT;
        String period = periods.periodOf(subscriber, clock.instant());
        return db.withHandle(h -> {
            var budget = budgets.get(h, subscriber.id(), period);
            long cap = budget.cap() > 0 || prepaid ? budget.cap() : subscriber.creditLimit();
            String currency = subscriber.currency();
            var entries = approvalStore.ofSubscriber(h, subscriber.id(), MAX_ENTRIES).stream()
                    .map(a -> new History.Entry(a.id(), merchants.find(a.merchantId()).map(Merchant::name).orElse(a.merchantId()),
                            a.itemId(), a.title(), a.amount(), a.status().name().toLowerCase(), a.issuedAt(), a.chargedAt()))
                    .toList();
            return new History(subscriber.id(), subscriber.limitKind().name().toLowerCase(), period, Money.of(cap, currency),
                    Money.of(budget.charged(), currency), Money.of(budget.reserved(), currency),
                    Money.of(cap - budget.reserved() - budget.charged(), currency), entries, periods.zone().id());
        });
    }

    /**
     * What became of one of the subscriber's own approvals, as their terminal asks; an approval of
     * anyone else is {@code not_found}, as if it did not exist.
     */
    public dev.contentpay.protocol.ApprovalState stateOf(String subscriberId, String approvalId) {
        return db.withHandle(h -> {
            Approval a = approvalStore.find(h, approvalId).filter(found -> found.subscriberId().equals(subscriberId))
                    .orElseThrow(() -> new dev.contentpay.platform.error.ContentpayException(dev.contentpay.platform.error.ErrorCode.NOT_FOUND,
                            "You have no approval with this id."));
            long refunded = approvalStore.refunded(h, a.id());
            String status = a.status() == Approval.Status.CHARGED && refunded > 0 ? "refunded_partly" : a.status().name().toLowerCase();
            return new dev.contentpay.protocol.ApprovalState(a.id(), status, a.merchantId(), a.itemId(), a.title(), a.amount(),
                    Money.of(refunded, a.amount().currency()), a.allowanceId(), a.issuedAt(), a.expiresAt(), a.judgedAt(), a.chargedAt());
        });
    }
}
