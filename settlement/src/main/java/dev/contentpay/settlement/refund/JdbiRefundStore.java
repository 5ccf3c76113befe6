package dev.contentpay.settlement.refund;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.db.Sql;
import dev.contentpay.settlement.events.EventLog;
import dev.contentpay.settlement.events.EventType;
import dev.contentpay.settlement.ledger.Journal;
import dev.contentpay.settlement.ledger.Ledger;
import dev.contentpay.settlement.notice.JdbiOutboxStore;
import dev.contentpay.settlement.notice.OutboxMessage;
import dev.contentpay.platform.money.Money;
import dev.contentpay.platform.time.BillingZone;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/** {@link RefundStore} on SQLite or PostgreSQL through Jdbi. */
public final class JdbiRefundStore implements RefundStore {

    private static final String SELECT = "SELECT r.id, r.settlement_id, r.allowance_id, r.amount, r.currency, r.reason, r.refunded_at, "
            + "o.status, r.refunded_total, s.amount FROM refund r JOIN settlement s ON s.id = r.settlement_id "
            + "LEFT JOIN outbox o ON o.kind = 'REFUND' AND o.subject = r.id";

    private final Database db;
    private final EventLog events;

    public JdbiRefundStore(Database db, EventLog events) {
        this.db = db;
        this.events = events;
    }

    @Override
    public Optional<Refundable> lock(Handle h, String settlementId) {
        // An update that changes nothing takes the row's write lock (SQLite has one writer anyway):
        // what is read next stays true until this transaction ends.
        if (Sql.update(h, "UPDATE settlement SET refunded = refunded WHERE id = :id").bind("id", settlementId).execute() == 0) {
            return Optional.empty();
        }
        return Sql.query(h, "SELECT id, allowance_id, amount, currency, refunded FROM settlement WHERE id = :id").bind("id", settlementId)
                .map(rs -> new Refundable(rs.getString(1), rs.getString(2), Money.of(rs.getLong(3), rs.getString(4)), rs.getLong(5)))
                .findOne();
    }

    @Override
    public boolean addRefunded(Handle h, String settlementId, long amount) {
        return Sql.update(h, "UPDATE settlement SET refunded = refunded + :amount WHERE id = :id AND refunded + :amount <= amount")
                .bind("id", settlementId).bind("amount", amount).execute() == 1;
    }

    @Override
    public void record(Handle h, Refund refund) {
        Sql.update(h, "INSERT INTO refund (id, settlement_id, allowance_id, amount, currency, reason, refunded_at, refunded_total) "
                        + "VALUES (:id, :settlement, :allowance, :amount, :currency, :reason, :at, :total)")
                .bind("id", refund.refundId()).bind("settlement", refund.settlementId()).bind("allowance", refund.allowanceId())
                .bind("amount", refund.amount().amount()).bind("currency", refund.amount().currency())
                .bind("reason", refund.reason()).bind("at", refund.refundedAt().toEpochMilli())
                .bind("total", refund.settlementRefunded().amount())
                .execute();
        Ledger.post(h, Journal.refund(refund.refundId(), refund.settlementId(), refund.amount(), refund.refundedAt()));
        String notice = JdbiOutboxStore.noticeOf(h, refund.settlementId())
                .orElseThrow(() -> new IllegalStateException("settlement " + refund.settlementId() + " has no payment notice"));
        JdbiOutboxStore.enqueue(h, OutboxMessage.Kind.REFUND, refund.refundId(), refund.settlementId(), notice, refund.refundedAt());
        events.append(h, EventType.REFUNDED, refund.refundId(), refund.refundedAt(), eventData(refund));
    }

    @Override
    public Optional<Refund> completing(Handle h, String settlementId) {
        return Sql.query(h, SELECT + " WHERE r.settlement_id = :s AND r.refunded_total = s.amount").bind("s", settlementId)
                .map(rs -> refundOf(rs)).findOne();
    }

    @Override
    public Optional<Refund> find(String refundId) {
        return db.withHandle(h -> Sql.query(h, SELECT + " WHERE r.id = :id").bind("id", refundId).map(rs -> refundOf(rs)).findOne());
    }

    @Override
    public List<Refund> ofSettlement(String settlementId) {
        return db.withHandle(h -> Sql.query(h, SELECT + " WHERE r.settlement_id = :s ORDER BY r.refunded_total").bind("s", settlementId)
                .map(rs -> refundOf(rs)).list());
    }

    @Override
    public boolean fullyRefunded(String settlementId) {
        return db.withHandle(h -> Sql.query(h, "SELECT COUNT(*) FROM settlement WHERE id = :id AND refunded >= amount")
                .bind("id", settlementId).mapTo(Long.class).one()) > 0;
    }

    @Override
    public List<Refund> onDay(LocalDate day, BillingZone zone) {
        long from = zone.startOf(day);
        long to = zone.endOf(day);
        return db.withHandle(h -> Sql.query(h, SELECT + " WHERE r.refunded_at >= :from AND r.refunded_at < :to ORDER BY r.refunded_at, r.id")
                .bind("from", from).bind("to", to).map(rs -> refundOf(rs)).list());
    }

    @Override
    public List<Refund> latest(int limit) {
        return db.withHandle(h -> Sql.query(h, SELECT + " ORDER BY r.refunded_at DESC, r.id LIMIT :limit").bind("limit", limit)
                .map(rs -> refundOf(rs)).list());
    }

    static java.util.Map<String, Object> eventData(Refund r) {
        var data = new LinkedHashMap<String, Object>();
        data.put("refundId", r.refundId());
        data.put("settlementId", r.settlementId());
        data.put("allowanceId", r.allowanceId());
        data.put("amount", EventLog.money(r.amount()));
        data.put("settlementRefunded", EventLog.money(r.settlementRefunded()));
        data.put("refundedAt", r.refundedAt().toString());
        if (r.reason() != null) data.put("reason", r.reason());
        return data;
    }

    private static Refund refundOf(ResultSet rs) throws SQLException {
        String outbox = rs.getString(8);
        String status = outbox == null ? "pending" : switch (OutboxMessage.Status.valueOf(outbox)) {
            case PENDING -> "pending";
            case SENT -> "confirmed";
            case DEAD -> "dead";
        };
        String currency = rs.getString(5);
        long total = rs.getLong(9);
        return new Refund(rs.getString(1), rs.getString(2), rs.getString(3), Money.of(rs.getLong(4), currency),
                rs.getString(6), Instant.ofEpochMilli(rs.getLong(7)), status, Money.of(total, currency), Money.of(rs.getLong(10) - total, currency));
    }
}
