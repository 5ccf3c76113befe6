package dev.contentpay.settlement.operator;

import dev.contentpay.platform.money.Money;
import dev.contentpay.platform.time.BillingZone;
import dev.contentpay.settlement.ledger.Ledger;
import dev.contentpay.settlement.ledger.LedgerCheck;
import dev.contentpay.settlement.notice.OutboxMessage;
import dev.contentpay.settlement.notice.OutboxStore;
import dev.contentpay.settlement.operator.Amounts;
import dev.contentpay.settlement.operator.MerchantView;
import dev.contentpay.settlement.refund.Refund;
import dev.contentpay.settlement.refund.RefundStore;
import dev.contentpay.protocol.ReversalView;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Renders the operator's page with jte. The templates were compiled to Java at build time (see
 * settlement/pom.xml), so rendering is a method call and a template mistake fails the build.
 */
public final class OperatorPageService {

    /** Where the jte-maven-plugin puts the compiled templates. */
    static final String TEMPLATE_PACKAGE = "dev.contentpay.settlement.templates";
    static final int DAYS = 14;
    static final int ROWS = 50;

    private final String merchantId;
    private final MerchantView view;
    private final RefundStore refunds;
    private final OutboxStore outbox;
    private final Ledger ledger;
    private final Clock clock;
    private final TemplateEngine templates;
    /** Days and times on the page are the billing zone's, with the zone named. */
    private final BillingZone zone;

    private final dev.contentpay.settlement.reversal.ReversalStore reversals;

    public OperatorPageService(String merchantId, MerchantView view, RefundStore refunds, OutboxStore outbox, Ledger ledger, Clock clock,
                               BillingZone zone, dev.contentpay.settlement.reversal.ReversalStore reversals) {
        this.reversals = reversals;
        this.zone = zone;
        this.merchantId = merchantId;
        this.view = view;
        this.refunds = refunds;
        this.outbox = outbox;
        this.ledger = ledger;
        this.clock = clock;
        this.templates = TemplateEngine.createPrecompiled(null, ContentType.Html, OperatorPageService.class.getClassLoader(), TEMPLATE_PACKAGE);
    }

    /** The page in {@code msg}'s language, with the reversal forms carrying {@code csrf}, and what became of the last post ({@code done} or {@code refused}). */
    public String render(dev.contentpay.platform.web.PageLanguage msg, String csrf, String done, String refused) {
        var output = new StringOutput();
        templates.render("operator.jte", java.util.Map.of("page", page(msg, csrf, done, refused), "msg", msg), output);
        return output.toString();
    }

    OperatorPage page(dev.contentpay.platform.web.PageLanguage msg) {
        return page(msg, "", null, null);
    }

    OperatorPage page(dev.contentpay.platform.web.PageLanguage msg, String csrf, String done, String refused) {
        Instant now = clock.instant();
        String currency = view.mainCurrency();
        List<MerchantView.Day> days = view.days(zone, now, DAYS, currency);
        return new OperatorPage(merchantId, zone.displaySeconds(now), currency, summary(days, currency, msg), SalesChart.of(days),
                days.reversed().stream().map(OperatorPageService::dayRow).toList(),
                view.latestSettlements(ROWS).stream().map(s -> settlementRow(s, msg)).toList(),
                refunds.latest(ROWS).stream().map(r -> refundRow(r, msg)).toList(),
                view.latestRefusals(ROWS).stream().map(r -> new OperatorPage.RefusalRow(zone.displaySeconds(r.refusedAt()), r.orderId(),
                        r.approvalId() == null ? "" : r.approvalId(), r.code(), msg.getOr("refusal." + r.code(), "refusal.other"))).toList(),
                outbox.list(OutboxMessage.Status.DEAD, ROWS).stream().map(m -> deadLetterRow(m, msg)).toList(),
                ledger(ledger.check()), reversals(msg, csrf, done, refused));
    }

    private OperatorPage.Reversals reversals(dev.contentpay.platform.web.PageLanguage msg, String csrf, String done, String refused) {
        String said = "accepted".equals(done) || "contested".equals(done) ? msg.get("operator.reversal-" + done) : null;
        return new OperatorPage.Reversals(reversals.list(null, ROWS).stream().map(r -> new OperatorPage.ReversalRow(r.id(),
                r.settlementId() == null ? "" : r.settlementId(), r.reason(), msg.label("reversal.reason.", r.reason()),
                r.status(), msg.label("reversal.status.", r.status()), r.amount().plain(),
                r.refunded() == null ? "" : r.refunded().plain(), r.note() == null ? "" : r.note(), zone.displaySeconds(r.openedAt()),
                ReversalView.OPENED.equals(r.status()), dev.contentpay.platform.web.OperatorForms.freshKey())).toList(), csrf, said, refused);
    }

    /** The totals, worded in the page's language: {@code 800 JPY in 1 settlement}, {@code 800 JPY（1件）}. */
    private static OperatorPage.Summary summary(List<MerchantView.Day> days, String currency, dev.contentpay.platform.web.PageLanguage msg) {
        long settled = days.stream().mapToLong(MerchantView.Day::settled).sum();
        long refunded = days.stream().mapToLong(MerchantView.Day::refunded).sum();
        int settlements = days.stream().mapToInt(MerchantView.Day::settlements).sum();
        int refunds = days.stream().mapToInt(MerchantView.Day::refunds).sum();
        return new OperatorPage.Summary(
                msg.get("operator.amount-in", Money.of(settled, currency).plain(), Amounts.count(settlements, "settlement"), settlements),
                msg.get("operator.amount-in", Money.of(refunded, currency).plain(), Amounts.count(refunds, "refund"), refunds),
                Money.of(settled - refunded, currency).plain());
    }

    private static OperatorPage.DayRow dayRow(MerchantView.Day d) {
        return new OperatorPage.DayRow(d.date().toString(), d.settlements(), Money.of(d.settled(), d.currency()).plain(), d.refunds(),
                Money.of(d.refunded(), d.currency()).plain(), Money.of(d.net(), d.currency()).plain());
    }

    private OperatorPage.SettlementRow settlementRow(MerchantView.SettlementRow s, dev.contentpay.platform.web.PageLanguage msg) {
        return new OperatorPage.SettlementRow(s.id(), zone.displaySeconds(s.settledAt()), s.title() + " (" + s.itemId() + ")",
                s.amount().plain(), s.notice(), msg.label("notice.", s.notice()), refundedWord(s.amount(), s.refunded(), msg));
    }

    /** Nothing when nothing was refunded, "in full", or the part refunded so far. */
    static String refundedWord(Money amount, Money refunded, dev.contentpay.platform.web.PageLanguage msg) {
        if (!refunded.isPositive()) return "";
        return refunded.equals(amount) ? msg.get("operator.in-full") : msg.get("operator.part", refunded.plain());
    }

    private OperatorPage.RefundRow refundRow(Refund r, dev.contentpay.platform.web.PageLanguage msg) {
        return new OperatorPage.RefundRow(r.refundId(), r.settlementId(), zone.displaySeconds(r.refundedAt()), r.amount().plain(),
                r.status(), msg.label("refund-status.", r.status()), r.reason() == null ? "" : r.reason());
    }

    private static OperatorPage.DeadLetterRow deadLetterRow(OutboxMessage m, dev.contentpay.platform.web.PageLanguage msg) {
        String kind = m.kind().name().toLowerCase(Locale.ROOT);
        return new OperatorPage.DeadLetterRow(m.id(), kind, msg.label("message-kind.", kind), m.subject(), m.attempts(),
                m.lastError() == null ? "" : m.lastError());
    }

    private static OperatorPage.Ledger ledger(LedgerCheck check) {
        return new OperatorPage.Ledger(check.balanced(), check.accounts().stream()
                .map(a -> new OperatorPage.AccountRow(a.account(), Money.of(a.debits(), a.currency()).plain(),
                        Money.of(a.credits(), a.currency()).plain(), Money.of(a.balance(), a.currency()).plain()))
                .toList(), check.problems());
    }
}
