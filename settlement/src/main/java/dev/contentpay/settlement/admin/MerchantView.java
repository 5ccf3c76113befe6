package dev.contentpay.settlement.admin;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.money.Money;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The reads behind the operator's page: recent settlements and refusals, and totals per UTC day. */
public final class MerchantView {

    /** A settlement as the page lists it, with where its payment notice stands and whether it was refunded. */
    public record SettlementRow(String id, Instant settledAt, String itemId, String title, Money amount, String notice,
                                boolean refunded) {
    }

    public record RefusalRow(Instant refusedAt, String orderId, String approvalId, String code) {
    }

    /** One UTC day: how many settlements and refunds, for how much, per currency. */
    public record Day(LocalDate date, String currency, int settlements, long settled, int refunds, long refunded) {
        public long net() {
            return settled - refunded;
        }
    }

    private final Database db;

    public MerchantView(Database db) {
        this.db = db;
    }

    public List<SettlementRow> latestSettlements(int limit) {
        return db.withHandle(h -> h.createQuery("SELECT s.id, s.settled_at, s.item_id, s.title, s.amount, s.currency, o.status, r.id "
                        + "FROM settlement s LEFT JOIN outbox o ON o.kind = 'NOTICE' AND o.settlement_id = s.id "
                        + "LEFT JOIN refund r ON r.settlement_id = s.id ORDER BY s.settled_at DESC, s.id LIMIT :limit")
                .bind("limit", limit)
                .map((rs, ctx) -> new SettlementRow(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), rs.getString(4),
                        Money.of(rs.getLong(5), rs.getString(6)), noticeWord(rs.getString(7)), rs.getString(8) != null))
                .list());
    }

    public List<RefusalRow> latestRefusals(int limit) {
        return db.withHandle(h -> h.createQuery("SELECT refused_at, order_id, approval_id, code FROM refusal ORDER BY refused_at DESC, id LIMIT :limit")
                .bind("limit", limit)
                .map((rs, ctx) -> new RefusalRow(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list());
    }

    /** The last {@code days} UTC days up to and including {@code today}, oldest first, in the merchant's main currency. */
    public List<Day> days(LocalDate today, int days, String currency) {
        LocalDate first = today.minusDays(days - 1L);
        long from = first.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        Map<LocalDate, long[]> totals = new LinkedHashMap<>();
        for (int i = 0; i < days; i++) totals.put(first.plusDays(i), new long[4]);
        accumulate(totals, "SELECT settled_at, amount FROM settlement WHERE settled_at >= :from AND currency = :currency", from, currency, 0);
        accumulate(totals, "SELECT refunded_at, amount FROM refund WHERE refunded_at >= :from AND currency = :currency", from, currency, 2);
        var result = new ArrayList<Day>();
        totals.forEach((date, t) -> result.add(new Day(date, currency, (int) t[0], t[1], (int) t[2], t[3])));
        return result;
    }

    /** The currency most settlements are in, for the page's totals; the demo's when there are none. */
    public String mainCurrency() {
        return db.withHandle(h -> h.createQuery("SELECT currency FROM settlement GROUP BY currency ORDER BY COUNT(*) DESC, currency LIMIT 1")
                .mapTo(String.class).findOne().orElse("JPY"));
    }

    private void accumulate(Map<LocalDate, long[]> totals, String sql, long from, String currency, int column) {
        db.withHandle(h -> h.createQuery(sql).bind("from", from).bind("currency", currency)
                .map((rs, ctx) -> new long[]{rs.getLong(1), rs.getLong(2)})
                .list()).forEach(row -> {
                    long[] day = totals.get(Instant.ofEpochMilli(row[0]).atZone(ZoneOffset.UTC).toLocalDate());
                    if (day == null) return; // After "today": a clock moved back; not on this page.
                    day[column]++;
                    day[column + 1] = Math.addExact(day[column + 1], row[1]);
                });
    }

    private static String noticeWord(String status) {
        if (status == null) return "none";
        return switch (status) {
            case "SENT" -> "charged";
            case "DEAD" -> "dead letter";
            default -> "pending";
        };
    }
}
