package dev.contentpay.settlement.operator;

import dev.contentpay.platform.money.Money;
import dev.contentpay.platform.time.BillingZone;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the operator's page shows: recent settlements and refusals, and totals per UTC day, read through its store. */
public final class MerchantView {

    /** A settlement as the page lists it, with where its payment notice stands and how much of it was refunded. */
    public record SettlementRow(String id, Instant settledAt, String itemId, String title, Money amount, String notice,
                                Money refunded) {
    }

    public record RefusalRow(Instant refusedAt, String orderId, String approvalId, String code) {
    }

    /** One UTC day: how many settlements and refunds, for how much, per currency. */
    public record Day(LocalDate date, String currency, int settlements, long settled, int refunds, long refunded) {
        public long net() {
            return settled - refunded;
        }
    }

    private final MerchantViewStore store;

    public MerchantView(MerchantViewStore store) {
        this.store = store;
    }

    public List<SettlementRow> latestSettlements(int limit) {
        return store.latestSettlements(limit);
    }

    public List<RefusalRow> latestRefusals(int limit) {
        return store.latestRefusals(limit);
    }

    /** The last {@code days} days of the billing zone up to and including today, oldest first, in the merchant's main currency. */
    public List<Day> days(BillingZone zone, Instant now, int days, String currency) {
        LocalDate first = zone.dayOf(now).minusDays(days - 1L);
        long from = zone.startOf(first);
        Map<LocalDate, long[]> totals = new LinkedHashMap<>();
        for (int i = 0; i < days; i++) totals.put(first.plusDays(i), new long[4]);
        accumulate(totals, store.settledSince(from, currency), 0, zone);
        accumulate(totals, store.refundedSince(from, currency), 2, zone);
        var result = new ArrayList<Day>();
        totals.forEach((date, t) -> result.add(new Day(date, currency, (int) t[0], t[1], (int) t[2], t[3])));
        return result;
    }

    /** The currency most settlements are in, for the page's totals; the demo's when there are none. */
    public String mainCurrency() {
        return store.mostUsedCurrency().orElse("JPY");
    }

    private static void accumulate(Map<LocalDate, long[]> totals, List<MerchantViewStore.DatedAmount> rows, int column, BillingZone zone) {
        for (var row : rows) {
            long[] day = totals.get(zone.dayOf(Instant.ofEpochMilli(row.at())));
            if (day == null) continue; // After "today": a clock moved back; not on this page.
            day[column]++;
            day[column + 1] = Math.addExact(day[column + 1], row.amount());
        }
    }

    /** Where a settlement's payment notice stands, as a stable code the page names ({@code notice.*} of its bundle). */
    static String noticeWord(String status) {
        if (status == null) return "none";
        return switch (status) {
            case "SENT" -> "charged";
            case "DEAD" -> "dead";
            default -> "pending";
        };
    }
}
