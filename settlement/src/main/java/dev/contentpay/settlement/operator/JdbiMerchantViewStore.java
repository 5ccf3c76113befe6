package dev.contentpay.settlement.operator;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.money.Money;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link MerchantViewStore} on SQLite or PostgreSQL through Jdbi. */
public final class JdbiMerchantViewStore implements MerchantViewStore {

    private final Database db;

    public JdbiMerchantViewStore(Database db) {
        this.db = db;
    }

    @Override
    public List<MerchantView.SettlementRow> latestSettlements(int limit) {
        return db.withHandle(h -> h.createQuery("SELECT s.id, s.settled_at, s.item_id, s.title, s.amount, s.currency, o.status, s.refunded "
                        + "FROM settlement s LEFT JOIN outbox o ON o.kind = 'NOTICE' AND o.settlement_id = s.id "
                        + "ORDER BY s.settled_at DESC, s.id LIMIT :limit")
                .bind("limit", limit)
                .map((rs, ctx) -> new MerchantView.SettlementRow(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3),
                        rs.getString(4), Money.of(rs.getLong(5), rs.getString(6)), MerchantView.noticeWord(rs.getString(7)),
                        Money.of(rs.getLong(8), rs.getString(6))))
                .list());
    }

    @Override
    public List<MerchantView.RefusalRow> latestRefusals(int limit) {
        return db.withHandle(h -> h.createQuery("SELECT refused_at, order_id, approval_id, code FROM refusal ORDER BY refused_at DESC, id LIMIT :limit")
                .bind("limit", limit)
                .map((rs, ctx) -> new MerchantView.RefusalRow(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3),
                        rs.getString(4)))
                .list());
    }

    @Override
    public List<DatedAmount> settledSince(long from, String currency) {
        return datedAmounts("SELECT settled_at, amount FROM settlement WHERE settled_at >= :from AND currency = :currency", from, currency);
    }

    @Override
    public List<DatedAmount> refundedSince(long from, String currency) {
        return datedAmounts("SELECT refunded_at, amount FROM refund WHERE refunded_at >= :from AND currency = :currency", from, currency);
    }

    @Override
    public Optional<String> mostUsedCurrency() {
        return db.withHandle(h -> h.createQuery("SELECT currency FROM settlement GROUP BY currency ORDER BY COUNT(*) DESC, currency LIMIT 1")
                .mapTo(String.class).findOne());
    }

    private List<DatedAmount> datedAmounts(String sql, long from, String currency) {
        return db.withHandle(h -> h.createQuery(sql).bind("from", from).bind("currency", currency)
                .map((rs, ctx) -> new DatedAmount(rs.getLong(1), rs.getLong(2)))
                .list());
    }
}
