package dev.contentpay.settlement.reversal;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.db.Sql;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.ReversalView;
import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code reversal} table (settlement's copy of the issuer's reversals) through Jdbi, on SQLite or PostgreSQL. */
public final class ReversalStore {

    private static final String SELECT = "SELECT id, approval_id, allowance_id, settlement_id, reason, status, amount, currency, refunded, "
            + "note, decision_note, opened_at, answered_at, decided_at FROM reversal";

    private final Database db;

    public ReversalStore(Database db) {
        this.db = db;
    }

    Optional<ReversalView> find(Handle h, String id) {
        return Sql.query(h, SELECT + " WHERE id = :id").bind("id", id).map(MAPPER).findOne();
    }

    public Optional<ReversalView> find(String id) {
        return db.withHandle(h -> find(h, id));
    }

    /** Inserts the reversal as {@code r} says, or moves the stored one on to it; the caller checked that {@code r} is later. */
    void put(Handle h, ReversalView r, boolean exists, Instant now) {
        String sql = exists
                ? "UPDATE reversal SET status = :status, refunded = :refunded, note = :note, decision_note = :decision, answered_at = :answered, "
                + "decided_at = :decided, updated_at = :now WHERE id = :id"
                : "INSERT INTO reversal (id, approval_id, allowance_id, settlement_id, reason, status, amount, currency, refunded, note, "
                + "decision_note, opened_at, answered_at, decided_at, updated_at) VALUES (:id, :approval, :allowance, :settlement, :reason, "
                + ":status, :amount, :currency, :refunded, :note, :decision, :opened, :answered, :decided, :now)";
        Sql.update(h, sql).bind("id", r.id()).bind("approval", r.approvalId()).bind("allowance", r.allowanceId())
                .bind("settlement", r.settlementId()).bind("reason", r.reason()).bind("status", r.status())
                .bind("amount", r.amount().amount()).bind("currency", r.amount().currency())
                .bind("refunded", r.refunded() == null ? null : r.refunded().amount()).bind("note", r.note()).bind("decision", r.decisionNote())
                .bind("opened", millis(r.openedAt())).bind("answered", millis(r.answeredAt())).bind("decided", millis(r.decidedAt()))
                .bind("now", now.toEpochMilli()).execute();
    }

    /** True when {@code h} sees the refund of that id (the refund a reversal gave back is recorded under the reversal's id). */
    boolean refundRecorded(Handle h, String refundId) {
        return Sql.query(h, "SELECT COUNT(*) FROM refund WHERE id = :id").bind("id", refundId).mapTo(Long.class).one() > 0;
    }

    /** True when a reversal gave back money of this settlement: it is no longer delivered. */
    public boolean reversed(String settlementId) {
        return db.withHandle(h -> Sql.query(h, "SELECT COUNT(*) FROM reversal WHERE settlement_id = :s AND status IN ('accepted', 'upheld') "
                + "AND refunded > 0").bind("s", settlementId).mapTo(Long.class).one()) > 0;
    }

    /** True when a reversal of this settlement is open (opened or contested), in the caller's transaction. */
    public static boolean open(Handle h, String settlementId) {
        return Sql.query(h, "SELECT COUNT(*) FROM reversal WHERE settlement_id = :s AND status IN ('opened', 'contested')")
                .bind("s", settlementId).mapTo(Long.class).one() > 0;
    }

    /** Reversals newest first, of one status when it is not null. */
    public List<ReversalView> list(String status, int limit) {
        return db.withHandle(h -> {
            var query = Sql.query(h, SELECT + (status == null ? "" : " WHERE status = :status") + " ORDER BY opened_at DESC, id DESC LIMIT :limit")
                    .bind("limit", limit);
            if (status != null) query.bind("status", status);
            return query.map(MAPPER).list();
        });
    }

    private static Long millis(Instant at) {
        return at == null ? null : at.toEpochMilli();
    }

    private static Instant instant(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static final Sql.Row<ReversalView> MAPPER = rs -> {
        String currency = rs.getString(8);
        long refunded = rs.getLong(9);
        Money given = rs.wasNull() ? null : Money.of(refunded, currency);
        return new ReversalView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), null, null, rs.getString(5),
                rs.getString(6), Money.of(rs.getLong(7), currency), given, rs.getString(10), rs.getString(11), instant(rs, 12),
                instant(rs, 13), instant(rs, 14));
    };
}
