package dev.contentpay.settlement.reconcile;

import dev.contentpay.platform.money.Money;
import dev.contentpay.platform.time.BillingZone;
import dev.contentpay.protocol.DailyTotals;
import dev.contentpay.settlement.issuer.IssuerClient;
import dev.contentpay.settlement.ledger.Ledger;
import dev.contentpay.settlement.ledger.LedgerCheck;
import dev.contentpay.settlement.ledger.Settlement;
import dev.contentpay.settlement.ledger.SettlementStore;
import dev.contentpay.settlement.notice.OutboxMessage;
import dev.contentpay.settlement.notice.OutboxStore;
import dev.contentpay.settlement.refund.Refund;
import dev.contentpay.settlement.refund.RefundStore;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compares, for one day of the billing zone ({@code billing.zone}, which must be the issuer's), every charge and refund the issuer holds for this merchant with the
 * settlements and refunds we hold, and lists every difference. Both sides date a fact by the
 * merchant's own time (a charge by its settlement time, which the payment notice carries; a refund
 * by its refund time), so a fact never falls on different days on the two sides.
 */
public final class ReconciliationService {

    static final String CHARGE = "charge";
    static final String REFUND = "refund";

    private final String merchantId;
    private final IssuerClient issuer;
    private final SettlementStore settlements;
    private final RefundStore refunds;
    private final OutboxStore outbox;
    private final Ledger ledger;
    private final Clock clock;
    private final BillingZone zone;

    public ReconciliationService(String merchantId, IssuerClient issuer, SettlementStore settlements, RefundStore refunds,
                                 OutboxStore outbox, Ledger ledger, Clock clock, BillingZone zone) {
        this.zone = zone;
        this.merchantId = merchantId;
        this.issuer = issuer;
        this.settlements = settlements;
        this.refunds = refunds;
        this.outbox = outbox;
        this.ledger = ledger;
        this.clock = clock;
    }

    public ReconciliationReport reconcile(LocalDate date) {
        DailyTotals theirs = issuer.dailyTotals(date);
        List<Settlement> ourCharges = settlements.onDay(date, zone);
        List<Refund> ourRefunds = refunds.onDay(date, zone);
        String currency = currencyOf(theirs, ourCharges);
        List<DailyTotals.Entry> entries = theirs.entries() == null ? List.of() : theirs.entries();
        var mismatches = new ArrayList<Mismatch>();
        // Both sides must cut the day in the same zone, or every fact near midnight lands on
        // different days; an issuer from before zones were named says none.
        if (theirs.zone() != null && !theirs.zone().equals(zone.id())) {
            mismatches.add(new Mismatch("day", Mismatch.ZONE_DIFFERS, null, null, null, null, null, null, "the issuer cuts days in "
                    + theirs.zone() + ", this server in " + zone.id() + ": set billing.zone to the issuer's zone"));
        }
        mismatches.addAll(compareCharges(ourCharges, byKey(entries, CHARGE, DailyTotals.Entry::allowanceId)));
        mismatches.addAll(compareRefunds(ourRefunds, byKey(entries, REFUND, DailyTotals.Entry::refundId)));
        entries.stream().filter(ReconciliationService::unmatchable)
                .forEach(e -> mismatches.add(new Mismatch(String.valueOf(e.kind()), Mismatch.MISSING_AT_SETTLEMENT, e.allowanceId(),
                        e.settlementId(), e.refundId(), null, e.amount(), e.at(), "the issuer lists an entry we cannot match: "
                        + "an unknown kind, or a charge without an allowance id, or a refund without a refund id")));
        LedgerCheck check = ledger.check();
        var ours = new ReconciliationReport.Totals(ourCharges.size(), sum(currency, ourCharges.stream().map(Settlement::amount).toList()),
                ourRefunds.size(), sum(currency, ourRefunds.stream().map(Refund::amount).toList()));
        var issuers = new ReconciliationReport.Totals(count(entries, CHARGE), theirs.charged(), count(entries, REFUND), theirs.refunded());
        return new ReconciliationReport(merchantId, date, currency, ours, issuers, List.copyOf(mismatches), check,
                mismatches.isEmpty() && check.balanced(), clock.instant());
    }

    private List<Mismatch> compareCharges(List<Settlement> ours, Map<String, List<DailyTotals.Entry>> theirs) {
        var found = new ArrayList<Mismatch>();
        for (Settlement s : ours) {
            List<DailyTotals.Entry> listed = theirs.remove(s.allowanceId());
            DailyTotals.Entry e = listed == null ? null : listed.getFirst();
            Optional<OutboxMessage> notice = outbox.find(OutboxMessage.Kind.NOTICE, s.allowanceId());
            if (e == null) {
                found.add(missingAtIssuer(CHARGE, s.allowanceId(), s.id(), null, s, notice));
            } else if (listed.size() > 1) {
                found.add(new Mismatch(CHARGE, Mismatch.AMOUNT_DIFFERS, s.allowanceId(), s.id(), null, s.amount(), total(listed), s.settledAt(),
                        "the issuer charged this allowance " + listed.size() + " times"));
            } else if (!s.amount().equals(e.amount())) {
                found.add(new Mismatch(CHARGE, Mismatch.AMOUNT_DIFFERS, s.allowanceId(), s.id(), null, s.amount(), e.amount(), s.settledAt(),
                        "we settled " + s.amount() + ", the issuer charged " + e.amount()));
            } else if (e.settlementId() != null && !s.id().equals(e.settlementId())) {
                found.add(new Mismatch(CHARGE, Mismatch.STATUS_DIFFERS, s.allowanceId(), s.id(), null, s.amount(), e.amount(), s.settledAt(),
                        "the issuer charged this allowance for settlement " + e.settlementId()));
            } else if (notice.map(n -> n.status() != OutboxMessage.Status.SENT).orElse(true)) {
                found.add(new Mismatch(CHARGE, Mismatch.STATUS_DIFFERS, s.allowanceId(), s.id(), null, s.amount(), e.amount(), s.settledAt(),
                        "the issuer charged it but our payment notice is " + state(notice) + "; the next attempt will be acknowledged"));
            }
        }
        theirs.values().stream().flatMap(List::stream).forEach(e -> found.add(missingHere(CHARGE, e, settlements.findByAllowance(e.allowanceId())
                .map(s -> "we settled this allowance at " + s.settledAt() + " as " + s.id())
                .orElse("we hold no settlement of this allowance"))));
        return found;
    }

    private List<Mismatch> compareRefunds(List<Refund> ours, Map<String, List<DailyTotals.Entry>> theirs) {
        var found = new ArrayList<Mismatch>();
        for (Refund r : ours) {
            List<DailyTotals.Entry> listed = theirs.remove(r.refundId());
            DailyTotals.Entry e = listed == null ? null : listed.getFirst();
            Optional<OutboxMessage> message = outbox.find(OutboxMessage.Kind.REFUND, r.refundId());
            if (e == null) {
                found.add(missingAtIssuer(REFUND, r.allowanceId(), r.settlementId(), r.refundId(), null, message));
            } else if (listed.size() > 1) {
                found.add(new Mismatch(REFUND, Mismatch.AMOUNT_DIFFERS, r.allowanceId(), r.settlementId(), r.refundId(), r.amount(),
                        total(listed), r.refundedAt(), "the issuer credited this refund " + listed.size() + " times"));
            } else if (!r.amount().equals(e.amount())) {
                found.add(new Mismatch(REFUND, Mismatch.AMOUNT_DIFFERS, r.allowanceId(), r.settlementId(), r.refundId(), r.amount(), e.amount(),
                        r.refundedAt(), "we refunded " + r.amount() + ", the issuer credited " + e.amount()));
            } else if (!Objects.equals(r.allowanceId(), e.allowanceId())) {
                found.add(new Mismatch(REFUND, Mismatch.STATUS_DIFFERS, r.allowanceId(), r.settlementId(), r.refundId(), r.amount(), e.amount(),
                        r.refundedAt(), "the issuer applied this refund to allowance " + e.allowanceId()));
            } else if (message.map(m -> m.status() != OutboxMessage.Status.SENT).orElse(true)) {
                found.add(new Mismatch(REFUND, Mismatch.STATUS_DIFFERS, r.allowanceId(), r.settlementId(), r.refundId(), r.amount(), e.amount(),
                        r.refundedAt(), "the issuer credited it but our refund message is " + state(message)));
            }
        }
        theirs.values().stream().flatMap(List::stream).forEach(e -> found.add(missingHere(REFUND, e, refunds.find(e.refundId())
                .map(r -> "we refunded it at " + r.refundedAt())
                .orElse("we hold no such refund"))));
        return found;
    }

    /** We hold it and the issuer does not list it: either it has not reached the issuer yet, or it was lost there. */
    private static Mismatch missingAtIssuer(String kind, String allowanceId, String settlementId, String refundId, Settlement s,
                                           Optional<OutboxMessage> message) {
        Money amount = s != null ? s.amount() : null;
        boolean acknowledged = message.map(m -> m.status() == OutboxMessage.Status.SENT).orElse(false);
        String detail = acknowledged
                ? "the issuer acknowledged our message but does not list it on this day"
                : "our message is " + state(message) + " and has not reached the issuer";
        return new Mismatch(kind, acknowledged ? Mismatch.STATUS_DIFFERS : Mismatch.MISSING_AT_ISSUER, allowanceId, settlementId,
                refundId, amount, null, s != null ? s.settledAt() : null, detail);
    }

    private static Mismatch missingHere(String kind, DailyTotals.Entry e, String detail) {
        return new Mismatch(kind, Mismatch.MISSING_AT_SETTLEMENT, e.allowanceId(), e.settlementId(), e.refundId(), null, e.amount(), e.at(),
                "the issuer lists it on this day; " + detail);
    }

    private static String state(Optional<OutboxMessage> message) {
        if (message.isEmpty()) return "missing from the outbox";
        OutboxMessage m = message.get();
        return switch (m.status()) {
            case SENT -> "acknowledged";
            case DEAD -> "on the dead-letter list after " + m.attempts() + " attempts (last error " + m.lastError() + ")";
            case PENDING -> m.attempts() == 0 ? "waiting to be sent"
                    : "pending after " + m.attempts() + " attempts (last error " + m.lastError() + ")";
        };
    }

    /** The issuer's entries of one kind by key; a key listed more than once is a doubled charge or refund, kept to be reported. */
    private static Map<String, List<DailyTotals.Entry>> byKey(List<DailyTotals.Entry> entries, String kind, Function<DailyTotals.Entry, String> key) {
        return entries.stream().filter(e -> kind.equals(e.kind()) && key.apply(e) != null)
                .collect(Collectors.groupingBy(key, LinkedHashMap::new, Collectors.toList()));
    }

    private static Money total(List<DailyTotals.Entry> entries) {
        Money sum = Money.of(0, entries.getFirst().amount().currency());
        for (var e : entries) sum = sum.plus(e.amount());
        return sum;
    }

    private static boolean unmatchable(DailyTotals.Entry e) {
        if (CHARGE.equals(e.kind())) return e.allowanceId() == null;
        if (REFUND.equals(e.kind())) return e.refundId() == null;
        return true;
    }

    private static int count(List<DailyTotals.Entry> entries, String kind) {
        return (int) entries.stream().filter(e -> kind.equals(e.kind())).count();
    }

    /**
     * The day's currency: ours when we sold that day, else the issuer's when it lists anything; a day
     * with nothing on either side is shown in the issuer's stated currency (auth says "XXX", ISO
     * 4217's "no currency") or JPY.
     */
    private static String currencyOf(DailyTotals theirs, List<Settlement> ours) {
        if (!ours.isEmpty()) return ours.getFirst().amount().currency();
        if (theirs.entries() != null && !theirs.entries().isEmpty()) return theirs.entries().getFirst().amount().currency();
        return theirs.currency() != null && Money.isKnownCurrency(theirs.currency()) ? theirs.currency() : "JPY";
    }

    /** Sums the amounts in the report's currency; one in another currency shows up as an entry mismatch instead. */
    private static Money sum(String currency, List<Money> amounts) {
        long total = 0;
        for (Money m : amounts) {
            if (m.currency().equals(currency)) total = Math.addExact(total, m.amount());
        }
        return Money.of(total, currency);
    }
}
