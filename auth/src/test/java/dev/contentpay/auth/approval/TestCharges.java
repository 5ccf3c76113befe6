package dev.contentpay.auth.approval;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.PaymentNotice;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Approvals charged as a purchase charges them, on a real database, for tests of what follows a charge. */
public record TestCharges(Database db, ApprovalStore approvals, BudgetStore budgets, PaymentNoticeService notices, RefundService refunds,
                          dev.contentpay.auth.event.JdbiMerchantEventStore events, String merchant) {

    /** The stores, the notice and refund services and the merchant events they write over {@code db}, with {@code merchant} registered. */
    public static TestCharges open(Database db, java.time.Clock clock, String merchant, int earnPercent) {
        var approvals = new JdbiApprovalStore();
        var budgets = new JdbiBudgetStore();
        var audit = new dev.contentpay.auth.audit.AuditLog(db, new dev.contentpay.auth.audit.JdbiAuditStore(), clock);
        var events = new dev.contentpay.auth.event.JdbiMerchantEventStore(db);
        return new TestCharges(db, approvals, budgets, new PaymentNoticeService(db, approvals, budgets, audit, clock, earnPercent),
                new RefundService(db, approvals, budgets, audit, clock, new dev.contentpay.auth.event.MerchantEvents(events, clock, dev.contentpay.platform.crypto.Environment.LIVE)), events, merchant);
    }

    /** Registers {@code merchant} with no keys: enough for charges, statements and refunds. */
    public TestCharges {
        db.useTransaction(h -> h.execute("INSERT INTO merchant (id, name, status, public_keys, created_at) VALUES (?, 'Test Shop', 'ACTIVE', '{\"keys\":[]}', 0)",
                merchant));
    }

    /** A fresh active subscriber of that limit kind ({@code CREDIT}, {@code PREPAID}, {@code POINTS}) with {@code cap} open for {@code period}. */
    public String subscriber(String kind, String period, long cap) {
        String id = Ids.random("sub");
        db.useTransaction(h -> {
            h.execute("INSERT INTO subscriber (id, display_name, password_hash, status, limit_kind, credit_limit, currency, created_at) "
                    + "VALUES (?, 'Test', 'x', 'ACTIVE', ?, ?, 'JPY', 0)", id, kind, kind.equals("CREDIT") ? cap : 0);
            budgets.open(h, id, period, cap);
        });
        return id;
    }

    /** An approval judged at {@code at} and charged by its payment notice, as the merchant's settlement would have it. */
    public Approval charged(String subscriber, String period, long price, int taxRate, Instant at) {
        Instant now = at.truncatedTo(ChronoUnit.MILLIS);
        String id = Ids.random("apr"), allowance = Ids.random("alw"), order = Ids.random("ord");
        var issued = new Approval(id, subscriber, merchant, "pn_test", order, "item", "Item", Money.of(price, "JPY"), period,
                Approval.Status.ISSUED, now, now.plus(Duration.ofMinutes(5)), null, null, null, null, null, null, null, taxRate);
        db.useTransaction(h -> {
            approvals.insert(h, issued, "0".repeat(64));
            assertThat(approvals.allow(h, id, merchant, order, issued.amount(), now, "judge-" + id, allowance, now.plusSeconds(600))).isTrue();
            assertThat(budgets.reserve(h, subscriber, period, price)).isTrue();
        });
        notices.apply(merchant, new PaymentNotice(allowance, "stl_" + id, issued.amount(), now));
        return db.withHandle(h -> approvals.find(h, id).orElseThrow());
    }
}
