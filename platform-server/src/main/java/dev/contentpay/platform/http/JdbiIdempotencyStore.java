package dev.contentpay.platform.http;

import dev.contentpay.platform.db.Sql;
import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.Optional;

/** The idempotency table's SQL, on SQLite and PostgreSQL alike; it holds no state. */
final class JdbiIdempotencyStore implements IdempotencyStore {

    @Override
    public Optional<Entry> find(Handle h, String id) {
        return Sql.query(h, "SELECT request_hash, status, answer, created_at FROM idempotency_entry WHERE id = :id")
                .bind("id", id)
                .map(rs -> new Entry(rs.getString(1), rs.getObject(2) == null ? null : rs.getInt(2), rs.getString(3), rs.getLong(4)))
                .findOne();
    }

    /**
     * An INSERT that does nothing on a conflict, so two instances (or threads) racing for one key
     * on PostgreSQL, where a read does not lock, cannot both see "absent" and both insert.
     */
    @Override
    public boolean claim(Handle h, String id, String requestHash, long now, long owner) {
        return Sql.update(h, "INSERT INTO idempotency_entry (id, request_hash, created_at, owner) "
                        + "VALUES (:id, :hash, :now, :owner) ON CONFLICT (id) DO NOTHING")
                .bind("owner", owner).bind("id", id).bind("hash", requestHash).bind("now", now).execute() == 1;
    }

    @Override
    public boolean takeOver(Handle h, String id, long claimedAt, long now, long owner) {
        return Sql.update(h, "UPDATE idempotency_entry SET created_at = :now, owner = :owner WHERE id = :id "
                        + "AND status IS NULL AND created_at = :claimed")
                .bind("id", id).bind("now", now).bind("claimed", claimedAt).bind("owner", owner).execute() == 1;
    }

    @Override
    public void complete(Handle h, String id, int status, String sealedAnswer) {
        Sql.update(h, "UPDATE idempotency_entry SET status = :status, answer = :answer WHERE id = :id AND status IS NULL")
                .bind("status", status).bind("answer", sealedAnswer).bind("id", id).execute();
    }

    @Override
    public void put(Handle h, String id, String requestHash, long now, long owner, int status, String sealedAnswer) {
        Sql.update(h, "INSERT INTO idempotency_entry (id, request_hash, created_at, owner, status, answer) "
                        + "VALUES (:id, :hash, :now, :owner, :status, :answer) ON CONFLICT (id) DO UPDATE SET request_hash = excluded.request_hash, "
                        + "created_at = excluded.created_at, owner = excluded.owner, status = excluded.status, answer = excluded.answer "
                        + "WHERE idempotency_entry.status IS NULL")
                .bind("id", id).bind("hash", requestHash).bind("now", now).bind("owner", owner)
                .bind("status", status).bind("answer", sealedAnswer).execute();
    }

    @Override
    public void release(Handle h, String id) {
        Sql.update(h, "DELETE FROM idempotency_entry WHERE id = :id AND status IS NULL").bind("id", id).execute();
    }

    @Override
    public int releaseClaimsNotOf(Handle h, List<Long> live) {
        return h.createUpdate("DELETE FROM idempotency_entry WHERE status IS NULL AND (owner IS NULL OR owner NOT IN (<live>))")
                .bindList("live", live).execute();
    }

    @Override
    public int purgeOlderThan(Handle h, long cutoff, int limit) {
        return Sql.update(h, "DELETE FROM idempotency_entry WHERE id IN "
                        + "(SELECT id FROM idempotency_entry WHERE created_at < :cutoff ORDER BY created_at LIMIT :limit)")
                .bind("cutoff", cutoff).bind("limit", limit).execute();
    }

    @Override
    public Optional<String> legacySecret(Handle h) {
        return Sql.query(h, "SELECT secret FROM idempotency_secret WHERE id = 1").mapTo(String.class).findOne();
    }

    @Override
    public void dropLegacySecret(Handle h) {
        Sql.update(h, "DELETE FROM idempotency_secret").execute();
    }
}
