package dev.contentpay.auth.event;

import dev.contentpay.platform.db.Database;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link MerchantEventStore} on SQLite or PostgreSQL through Jdbi. */
public final class JdbiMerchantEventStore implements MerchantEventStore {

    private static final String COLUMNS = "id, merchant_id, type, approval_id, body, occurred_at, status, attempts, next_attempt_at, last_error, delivered_at";

    private final Database db;

    public JdbiMerchantEventStore(Database db) {
        this.db = db;
    }

    @Override
    public void insert(Handle h, MerchantEvent e) {
        h.createUpdate("""
                        INSERT INTO merchant_event (id, merchant_id, type, approval_id, body, occurred_at, status, attempts, next_attempt_at)
                        VALUES (:id, :merchant, :type, :approval, :body, :at, 'PENDING', 0, :at)""")
                .bind("id", e.id()).bind("merchant", e.merchantId()).bind("type", e.type()).bind("approval", e.approvalId())
                .bind("body", e.body()).bind("at", e.occurredAt().toEpochMilli()).execute();
    }

    @Override
    public List<MerchantEvent> after(String merchantId, Instant afterTime, String afterId, int limit) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM merchant_event WHERE merchant_id = :merchant "
                        + "AND (occurred_at > :at OR (occurred_at = :at AND id > :after)) ORDER BY occurred_at, id LIMIT :limit")
                .bind("merchant", merchantId).bind("at", afterTime == null ? -1L : afterTime.toEpochMilli())
                .bind("after", afterId == null ? "" : afterId).bind("limit", limit).map(MAPPER).list());
    }

    @Override
    public List<MerchantEvent> claimDue(Instant now, int limit, Instant leaseUntil) {
        List<MerchantEvent> due = db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM merchant_event "
                        + "WHERE status = 'PENDING' AND next_attempt_at <= :now ORDER BY next_attempt_at, id LIMIT :limit")
                .bind("now", now.toEpochMilli()).bind("limit", limit).map(MAPPER).list());
        var claimed = new ArrayList<MerchantEvent>(due.size());
        for (MerchantEvent e : due) {
            boolean mine = db.inTransaction(h -> h.createUpdate("UPDATE merchant_event SET next_attempt_at = :lease "
                            + "WHERE id = :id AND status = 'PENDING' AND next_attempt_at = :seen")
                    .bind("lease", leaseUntil.toEpochMilli()).bind("id", e.id()).bind("seen", e.nextAttemptAt().toEpochMilli()).execute() == 1);
            if (mine) claimed.add(e);
        }
        return claimed;
    }

    @Override
    public void delivered(String id, int attempts, Instant at) {
        db.useTransaction(h -> h.createUpdate("UPDATE merchant_event SET status = 'DELIVERED', attempts = :attempts, delivered_at = :at, "
                        + "last_error = NULL WHERE id = :id AND status = 'PENDING'")
                .bind("id", id).bind("attempts", attempts).bind("at", at.toEpochMilli()).execute());
    }

    @Override
    public void reschedule(String id, int attempts, Instant next, String error) {
        db.useTransaction(h -> h.createUpdate("UPDATE merchant_event SET attempts = :attempts, next_attempt_at = :next, last_error = :error "
                        + "WHERE id = :id AND status = 'PENDING'")
                .bind("id", id).bind("attempts", attempts).bind("next", next.toEpochMilli()).bind("error", error).execute());
    }

    @Override
    public void failed(String id, int attempts, String error) {
        db.useTransaction(h -> h.createUpdate("UPDATE merchant_event SET status = 'FAILED', attempts = :attempts, last_error = :error "
                        + "WHERE id = :id AND status = 'PENDING'")
                .bind("id", id).bind("attempts", attempts).bind("error", error).execute());
    }

    @Override
    public boolean redeliver(String id, Instant now) {
        return db.inTransaction(h -> h.createUpdate("UPDATE merchant_event SET status = 'PENDING', attempts = 0, next_attempt_at = :now "
                        + "WHERE id = :id AND status = 'FAILED'")
                .bind("id", id).bind("now", now.toEpochMilli()).execute() == 1);
    }

    @Override
    public Optional<MerchantEvent> find(String id) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM merchant_event WHERE id = :id").bind("id", id).map(MAPPER).findOne());
    }

    @Override
    public List<MerchantEvent> list(MerchantEvent.Status status, String afterId, int limit) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM merchant_event WHERE status = :status AND id > :after "
                        + "ORDER BY id LIMIT :limit")
                .bind("status", status.name()).bind("after", afterId == null ? "" : afterId).bind("limit", limit).map(MAPPER).list());
    }

    private static final RowMapper<MerchantEvent> MAPPER = (rs, ctx) -> {
        long delivered = rs.getLong(11);
        boolean wasDelivered = !rs.wasNull();
        return new MerchantEvent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                Instant.ofEpochMilli(rs.getLong(6)), MerchantEvent.Status.valueOf(rs.getString(7)), rs.getInt(8),
                Instant.ofEpochMilli(rs.getLong(9)), rs.getString(10), wasDelivered ? Instant.ofEpochMilli(delivered) : null);
    };
}
