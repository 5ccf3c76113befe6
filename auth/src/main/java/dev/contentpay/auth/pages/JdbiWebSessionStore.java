package dev.contentpay.auth.pages;

import dev.contentpay.platform.db.Database;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** The sessions in auth's table {@code web_session} (migrations in {@code db/auth-pages}). */
final class JdbiWebSessionStore implements WebSessionStore {

    private final Database db;

    JdbiWebSessionStore(Database db) {
        this.db = db;
    }

    @Override
    public void insert(String idHash, String subscriberId, Method method, long nowMillis, long expiresAtMillis) {
        db.useTransaction(h -> h.createUpdate("""
                        INSERT INTO web_session (id_hash, subscriber_id, signed_in_by, created_at, last_seen_at, expires_at)
                        VALUES (:hash, :subscriber, :method, :now, :now, :expires)""")
                .bind("hash", idHash).bind("subscriber", subscriberId).bind("method", method.name().toLowerCase(Locale.ROOT))
                .bind("now", nowMillis).bind("expires", expiresAtMillis).execute());
    }

    @Override
    public Optional<Session> findLive(String idHash, long nowMillis, long idleSinceMillis) {
        return db.withHandle(h -> h.createQuery("""
                        SELECT id_hash, subscriber_id, signed_in_by, created_at, last_seen_at, expires_at
                          FROM web_session WHERE id_hash = :hash AND expires_at > :now AND last_seen_at > :idle""")
                .bind("hash", idHash).bind("now", nowMillis).bind("idle", idleSinceMillis)
                .map((rs, ctx) -> new Session(rs.getString(1), rs.getString(2), Method.valueOf(rs.getString(3).toUpperCase(Locale.ROOT)),
                        Instant.ofEpochMilli(rs.getLong(4)), Instant.ofEpochMilli(rs.getLong(5)), Instant.ofEpochMilli(rs.getLong(6))))
                .findOne());
    }

    @Override
    public void touch(String idHash, long nowMillis) {
        db.useTransaction(h -> h.createUpdate("UPDATE web_session SET last_seen_at = :now WHERE id_hash = :hash")
                .bind("now", nowMillis).bind("hash", idHash).execute());
    }

    @Override
    public void delete(String idHash) {
        db.useTransaction(h -> h.createUpdate("DELETE FROM web_session WHERE id_hash = :hash").bind("hash", idHash).execute());
    }

    @Override
    public void purge(long nowMillis, long idleSinceMillis) {
        db.useTransaction(h -> h.createUpdate("DELETE FROM web_session WHERE expires_at <= :now OR last_seen_at <= :idle")
                .bind("now", nowMillis).bind("idle", idleSinceMillis).execute());
    }
}
