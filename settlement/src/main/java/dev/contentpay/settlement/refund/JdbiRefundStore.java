package dev.contentpay.settlement.refund;

import dev.contentpay.platform.db.Database;
import dev.contentpay.settlement.events.EventLog;
import dev.contentpay.settlement.events.EventType;
import dev.contentpay.settlement.ledger.Journal;
import dev.contentpay.settlement.ledger.Ledger;
import dev.contentpay.settlement.notice.JdbiOutboxStore;
import dev.contentpay.settlement.notice.OutboxMessage;
import dev.contentpay.platform.money.Money;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/** {@link RefundStore} on SQLite or PostgreSQL through Jdbi. */
public final class JdbiRefundStore implements RefundStore {

    private static final String SELECT = "SELECT r.id, r.settlement_id, r.allowance_id, r.amount, r.currency, r.reason, r.refunded_at, "
            + "o.status FROM refund r LEFT JOIN outbox o ON o.kind = 'REFUND' AND o.subject = r.id";

    private final Database db;
    private final EventLog events;

    public JdbiRefundStore(Database db, EventLog events) {
        this.db = db;
        this.events = events;
    }

    @Override
    public void record(Refund refund) {
        db.useTransaction(h -> {
            h.createUpdate("INSERT INTO refund (id, settlement_id, allowance_id, amount, currency, reason, refunded_at) "
                            + "VALUES (:id, :settlement, :allowance, :amount, :currency, :reason, :at)")
                    .bind("id", refund.refundId()).bind("settlement", refund.settlementId()).bind("allowance", refund.allowanceId())
                    .bind("amount", refund.amount().amount()).bind("currency", refund.amount().currency())
                    .bind("reason", refund.reason()).bind("at", refund.refundedAt().toEpochMilli())
                    .execute();
            Ledger.post(h, Journal.refund(refund.refundId(), refund.settlementId(), refund.amount(), refund.refundedAt()));
            String notice = JdbiOutboxStore.noticeOf(h, refund.settlementId())
                    .orElseThrow(() -> new IllegalStateException("settlement " + refund.settlementId() + " has no payment notice"));
            JdbiOutboxStore.enqueue(h, OutboxMessage.Kind.REFUND, refund.refundId(), refund.settlementId(), notice, refund.refundedAt());
            events.append(h, EventType.REFUNDED, refund.refundId(), refund.refundedAt(), eventData(refund));
        });
    }

    @Override
    public Optional<Refund> find(String refundId) {
        return db.withHandle(h -> h.createQuery(SELECT + " WHERE r.id = :id").bind("id", refundId).map((rs, c) -> refundOf(rs)).findOne());
    }

    @Override
    public Optional<Refund> findBySettlement(String settlementId) {
        return db.withHandle(h -> h.createQuery(SELECT + " WHERE r.settlement_id = :s").bind("s", settlementId)
                .map((rs, c) -> refundOf(rs)).findOne());
    }

    @Override
    public List<Refund> onDay(LocalDate day) {
        long from = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long to = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        return db.withHandle(h -> h.createQuery(SELECT + " WHERE r.refunded_at >= :from AND r.refunded_at < :to ORDER BY r.refunded_at, r.id")
                .bind("from", from).bind("to", to).map((rs, c) -> refundOf(rs)).list());
    }

    @Override
    public List<Refund> latest(int limit) {
        return db.withHandle(h -> h.createQuery(SELECT + " ORDER BY r.refunded_at DESC, r.id LIMIT :limit").bind("limit", limit)
                .map((rs, c) -> refundOf(rs)).list());
    }

    static java.util.Map<String, Object> eventData(Refund r) {
        var data = new LinkedHashMap<String, Object>();
        data.put("refundId", r.refundId());
        data.put("settlementId", r.settlementId());
        data.put("allowanceId", r.allowanceId());
        data.put("amount", EventLog.money(r.amount()));
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
        return new Refund(rs.getString(1), rs.getString(2), rs.getString(3), Money.of(rs.getLong(4), rs.getString(5)),
                rs.getString(6), Instant.ofEpochMilli(rs.getLong(7)), status);
    }
}
