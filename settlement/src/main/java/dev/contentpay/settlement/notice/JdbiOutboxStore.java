package dev.contentpay.settlement.notice;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.db.Sql;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.settlement.events.EventLog;
import dev.contentpay.settlement.events.EventType;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link OutboxStore} on SQLite or PostgreSQL through Jdbi. */
public final class JdbiOutboxStore implements OutboxStore {

    private static final String COLUMNS = "id, kind, subject, settlement_id, after_id, status, attempts, next_attempt_at, "
            + "last_error, result, created_at, sent_at, trace_id";

    private final Database db;
    private final EventLog events;
    /**
     * On SQLite, the messages this process has taken and not yet settled, with their lease's end
     * (epoch millis). One process alone opens a SQLite database ({@code InstanceLock}), so there
     * is no other instance to keep away with a write: the lease is kept here, and a round's claim
     * is a read instead of a unit of work at the database's one writer. Process death forgets it,
     * as it should: the messages are then due at once, where a lease written to the database held
     * them for its minute.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, Long> leased = new java.util.concurrent.ConcurrentHashMap<>();

    public JdbiOutboxStore(Database db, EventLog events) {
        this.db = db;
        this.events = events;
    }

    /**
     * Puts a message in the outbox inside the caller's transaction, the one that records the fact
     * the message reports: that is what makes "settled" and "the issuer will be told" one fact.
     */
    public static String enqueue(Handle h, OutboxMessage.Kind kind, String subject, String settlementId, String afterId, Instant at) {
        String id = Ids.random("obx");
        Sql.update(h, "INSERT INTO outbox (" + COLUMNS + ") VALUES (:id, :kind, :subject, :settlement, :after, 'PENDING', 0, "
                        + ":at, NULL, NULL, :at, NULL, :trace)")
                .bind("id", id).bind("kind", kind.name()).bind("subject", subject).bind("settlement", settlementId)
                .bind("trace", dev.contentpay.platform.observe.Trace.current())
                .bind("after", afterId).bind("at", at.toEpochMilli())
                .execute();
        return id;
    }

    /** The id of the payment notice of a settlement, which its refund must wait for. */
    public static Optional<String> noticeOf(Handle h, String settlementId) {
        return Sql.query(h, "SELECT id FROM outbox WHERE kind = 'NOTICE' AND settlement_id = :s")
                .bind("s", settlementId).mapTo(String.class).findOne();
    }

    @Override
    public List<OutboxMessage> due(Instant now, int limit) {
        return db.withHandle(h -> dueAt(h, now, limit, ""));
    }

    /**
     * On PostgreSQL, one transaction: read the due messages (skipping rows another instance is
     * taking right now), then move each one's next attempt to the lease's end, conditionally on its
     * still being due, so of two instances racing for a message exactly one gets it. On SQLite, one
     * read, and the lease in this process ({@link #leased}).
     */
    @Override
    public List<OutboxMessage> claimDue(Instant now, int limit, Instant leaseUntil) {
        if (db.isSqlite()) return claimInProcess(now, limit, leaseUntil);
        return db.inTransaction(h -> {
            var due = dueAt(h, now, limit, " FOR UPDATE OF o SKIP LOCKED");
            var taken = new java.util.ArrayList<OutboxMessage>(due.size());
            for (OutboxMessage m : due) {
                int changed = Sql.update(h, "UPDATE outbox SET next_attempt_at = :lease, leased_by = :owner "
                                + "WHERE id = :id AND status = 'PENDING' AND next_attempt_at <= :now")
                        .bind("lease", leaseUntil.toEpochMilli()).bind("owner", db.instanceId()).bind("id", m.id())
                        .bind("now", now.toEpochMilli()).execute();
                if (changed == 1) taken.add(m);
            }
            return taken;
        });
    }

    private List<OutboxMessage> claimInProcess(Instant now, int limit, Instant leaseUntil) {
        long at = now.toEpochMilli();
        leased.values().removeIf(until -> until <= at);
        // Read past the messages still leased, which are due as far as the database knows.
        var due = db.withHandle(h -> dueAt(h, now, limit + leased.size(), ""));
        var taken = new java.util.ArrayList<OutboxMessage>(Math.min(limit, due.size()));
        for (OutboxMessage m : due) {
            if (taken.size() == limit) break;
            if (leased.putIfAbsent(m.id(), leaseUntil.toEpochMilli()) == null) taken.add(m);
        }
        return taken;
    }

    private static List<OutboxMessage> dueAt(Handle h, Instant now, int limit, String lock) {
        return Sql.query(h, "SELECT " + prefixed("o") + " FROM outbox o LEFT JOIN outbox a ON a.id = o.after_id "
                        + "WHERE o.status = 'PENDING' AND o.next_attempt_at <= :now AND (o.after_id IS NULL OR a.status = 'SENT') "
                        + "ORDER BY o.next_attempt_at, o.id LIMIT :limit" + lock)
                .bind("now", now.toEpochMilli()).bind("limit", limit)
                .map(rs -> messageOf(rs))
                .list();
    }

    @Override
    public int releaseLeasesOfDeadInstances(Instant now) {
        return db.inTransaction(h -> h.createUpdate("UPDATE outbox SET next_attempt_at = :now, leased_by = NULL "
                        + "WHERE status = 'PENDING' AND leased_by IS NOT NULL AND leased_by NOT IN (<live>)")
                .bind("now", now.toEpochMilli()).bindList("live", db.liveInstances(h)).execute());
    }

    @Override
    public void acknowledged(OutboxMessage m, int attempts, Instant at, String result, EventType event, Map<String, Object> data) {
        db.useTransaction(h -> acknowledge(h, m, attempts, at, result, event, data));
        leased.remove(m.id());
    }

    @Override
    public void acknowledgedAll(List<Acknowledgement> acknowledgements, Instant at) {
        db.useTransaction(h -> {
            for (Acknowledgement a : acknowledgements) acknowledge(h, a.message(), a.attempts(), at, a.result(), a.event(), a.data());
        });
        for (Acknowledgement a : acknowledgements) leased.remove(a.message().id());
    }

    private void acknowledge(Handle h, OutboxMessage m, int attempts, Instant at, String result, EventType event, Map<String, Object> data) {
        int changed = Sql.update(h, "UPDATE outbox SET status = 'SENT', attempts = :attempts, sent_at = :at, last_error = NULL, "
                        + "result = :result, leased_by = NULL WHERE id = :id AND status = 'PENDING'")
                .bind("attempts", attempts).bind("at", at.toEpochMilli()).bind("result", result).bind("id", m.id())
                .execute();
        // Only the transition writes the event: a message acknowledged twice (another
        // process sent it too) is one fact, not two.
        if (changed == 1) events.append(h, event, m.subject(), at, data);
    }

    @Override
    public void reschedule(String id, int attempts, Instant nextAttemptAt, String errorCode) {
        db.useTransaction(h -> Sql.update(h, "UPDATE outbox SET attempts = :attempts, next_attempt_at = :next, last_error = :error, leased_by = NULL "
                        + "WHERE id = :id AND status = 'PENDING'")
                .bind("attempts", attempts).bind("next", nextAttemptAt.toEpochMilli()).bind("error", errorCode).bind("id", id)
                .execute());
        leased.remove(id);
    }

    @Override
    public void markDead(OutboxMessage m, int attempts, String errorCode, Instant at) {
        db.useTransaction(h -> {
            int changed = Sql.update(h, "UPDATE outbox SET status = 'DEAD', attempts = :attempts, last_error = :error, leased_by = NULL "
                            + "WHERE id = :id AND status = 'PENDING'")
                    .bind("attempts", attempts).bind("error", errorCode).bind("id", m.id())
                    .execute();
            if (changed == 1) events.append(h, EventType.DEAD_LETTERED, m.subject(), at, describe(m, attempts, errorCode));
        });
        leased.remove(m.id());
    }

    @Override
    public Optional<OutboxMessage> resend(String id, Instant now) {
        return db.inTransaction(h -> {
            int changed = Sql.update(h, "UPDATE outbox SET status = 'PENDING', attempts = 0, next_attempt_at = :now "
                            + "WHERE id = :id AND status = 'DEAD'")
                    .bind("now", now.toEpochMilli()).bind("id", id)
                    .execute();
            if (changed == 0) return Optional.<OutboxMessage>empty();
            OutboxMessage m = find(h, id).orElseThrow();
            events.append(h, EventType.RESENT, m.subject(), now, describe(m, 0, m.lastError()));
            return Optional.of(m);
        });
    }

    @Override
    public Optional<OutboxMessage> find(String id) {
        return db.withHandle(h -> find(h, id));
    }

    @Override
    public Optional<OutboxMessage> find(OutboxMessage.Kind kind, String subject) {
        return db.withHandle(h -> Sql.query(h, "SELECT " + COLUMNS + " FROM outbox WHERE kind = :kind AND subject = :subject")
                .bind("kind", kind.name()).bind("subject", subject)
                .map(rs -> messageOf(rs)).findOne());
    }

    @Override
    public List<OutboxMessage> list(OutboxMessage.Status status, int limit) {
        String where = status == null ? "" : " WHERE status = '" + status.name() + "'";
        return db.withHandle(h -> Sql.query(h, "SELECT " + COLUMNS + " FROM outbox" + where + " ORDER BY created_at DESC, id LIMIT :limit")
                .bind("limit", limit)
                .map(rs -> messageOf(rs))
                .list());
    }

    @Override
    public int pending(OutboxMessage.Kind kind) {
        return db.withHandle(h -> Sql.query(h, "SELECT COUNT(*) FROM outbox WHERE status = 'PENDING' AND kind = :kind")
                .bind("kind", kind.name()).mapTo(Integer.class).one());
    }

    private static Optional<OutboxMessage> find(Handle h, String id) {
        return Sql.query(h, "SELECT " + COLUMNS + " FROM outbox WHERE id = :id").bind("id", id)
                .map(rs -> messageOf(rs)).findOne();
    }

    private static Map<String, Object> describe(OutboxMessage m, int attempts, String errorCode) {
        var data = new LinkedHashMap<String, Object>();
        data.put("outboxId", m.id());
        data.put("kind", m.kind().name().toLowerCase(java.util.Locale.ROOT));
        data.put("subject", m.subject());
        if (m.settlementId() != null) data.put("settlementId", m.settlementId());
        data.put("attempts", attempts);
        if (errorCode != null) data.put("lastError", errorCode);
        return data;
    }

    private static String prefixed(String alias) {
        return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
    }

    private static OutboxMessage messageOf(ResultSet rs) throws SQLException {
        long sent = rs.getLong(12);
        Instant sentAt = rs.wasNull() ? null : Instant.ofEpochMilli(sent);
        return new OutboxMessage(rs.getString(1), OutboxMessage.Kind.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
                rs.getString(5), OutboxMessage.Status.valueOf(rs.getString(6)), rs.getInt(7), Instant.ofEpochMilli(rs.getLong(8)),
                rs.getString(9), rs.getString(10), Instant.ofEpochMilli(rs.getLong(11)), sentAt, rs.getString(13));
    }
}
