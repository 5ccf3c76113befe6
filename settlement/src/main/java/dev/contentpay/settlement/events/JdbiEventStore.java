package dev.contentpay.settlement.events;

import dev.contentpay.platform.db.Sql;
import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.Optional;

/** The event feed's SQL, on SQLite and PostgreSQL alike; it holds no state, so one instance serves every caller. */
final class JdbiEventStore implements EventStore {

    @Override
    public long nextSeq(Handle h) {
        // One statement on both databases (SQLite makes the change at the statement's first step).
        return Sql.query(h, "UPDATE event_counter SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq").mapTo(Long.class).one();
    }

    @Override
    public void insert(Handle h, Row row) {
        Sql.update(h, "INSERT INTO event (seq, id, type, subject, occurred_at, data, payload, chain) "
                        + "VALUES (:seq, :id, :type, :subject, :at, :data, :payload, :chain)")
                .bind("seq", row.seq()).bind("id", row.id()).bind("type", row.type()).bind("subject", row.subject())
                .bind("at", row.occurredAt()).bind("data", row.data()).bind("payload", row.payload()).bind("chain", row.chain())
                .execute();
    }

    @Override
    public String chainAt(Handle h, long seq) {
        return Sql.query(h, "SELECT chain, jws FROM event WHERE seq = :seq").bind("seq", seq)
                .map(rs -> rs.getString(1) != null ? rs.getString(1) : EventLog.chainHash(rs.getString(2)))
                .findOne().orElseThrow(() -> new IllegalStateException("event " + seq + " is missing from the chain"));
    }

    @Override
    public long newestSeq(Handle h) {
        return Sql.query(h, "SELECT COALESCE(MAX(seq), 0) FROM event").mapTo(Long.class).one();
    }

    @Override
    public long newestCheckpointSeq(Handle h) {
        return Sql.query(h, "SELECT COALESCE(MAX(seq), 0) FROM event_checkpoint").mapTo(Long.class).one();
    }

    @Override
    public void keepCheckpoint(Handle h, long seq, String chain, String jws, long signedAt) {
        Sql.update(h, "INSERT INTO event_checkpoint (seq, chain, jws, signed_at) VALUES (:seq, :chain, :jws, :at) "
                        + "ON CONFLICT (seq) DO NOTHING")
                .bind("seq", seq).bind("chain", chain).bind("jws", jws).bind("at", signedAt).execute();
    }

    @Override
    public List<StoredEvent> after(Handle h, long after, int limit) {
        return Sql.query(h, "SELECT seq, id, type, subject, occurred_at, data, jws, payload, chain FROM event "
                        + "WHERE seq > :after ORDER BY seq LIMIT :limit")
                .bind("after", after).bind("limit", limit)
                .map(rs -> new StoredEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9)))
                .list();
    }

    @Override
    public Optional<String> newestCheckpointBetween(Handle h, long first, long last) {
        return Sql.query(h, "SELECT jws FROM event_checkpoint WHERE seq >= :first AND seq <= :last ORDER BY seq DESC LIMIT 1")
                .bind("first", first).bind("last", last).mapTo(String.class).findOne();
    }
}
