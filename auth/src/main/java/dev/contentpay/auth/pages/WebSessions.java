package dev.contentpay.auth.pages;

import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.id.Ids;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Server-side sessions of signed-in browsers, in auth's database, so that signing out ends a
 * session for good and every auth instance knows every session. The browser holds a random
 * 256-bit id in a cookie; the table holds only its SHA-256.
 * <p>
 * A session ends after {@link #IDLE} without a request or {@link #ABSOLUTE} after sign-in, whichever
 * comes first: short, because these pages spend money and show the bill.
 */
final class WebSessions {

    static final Duration IDLE = Duration.ofMinutes(15);
    static final Duration ABSOLUTE = Duration.ofHours(8);
    /** A request notes its time only when the last note is older than this: no write on every page view. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    private static final Duration PURGE_EVERY = Duration.ofMinutes(10);

    /** How the subscriber proved who they are: their password, or the PIN on a remembered browser. */
    enum Method { PASSWORD, PIN }

    record Session(String idHash, String subscriberId, Method method, Instant createdAt, Instant lastSeenAt, Instant expiresAt) {
    }

    private final Database db;
    private final Clock clock;
    private final AtomicLong lastPurge = new AtomicLong();

    WebSessions(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** A new session; returns the id for the cookie, which is never stored. */
    String create(String subscriberId, Method method) {
        String id = Ids.randomToken(32);
        long now = clock.millis();
        purgeNowAndThen(now);
        db.useTransaction(h -> h.createUpdate("""
                        INSERT INTO web_session (id_hash, subscriber_id, signed_in_by, created_at, last_seen_at, expires_at)
                        VALUES (:hash, :subscriber, :method, :now, :now, :expires)""")
                .bind("hash", hash(id)).bind("subscriber", subscriberId).bind("method", method.name().toLowerCase(java.util.Locale.ROOT))
                .bind("now", now).bind("expires", now + ABSOLUTE.toMillis()).execute());
        return id;
    }

    /** The live session of this cookie value, its last-seen time moved on. */
    Optional<Session> find(String id) {
        if (id == null || id.length() != 43) return Optional.empty();
        long now = clock.millis();
        Optional<Session> found = db.withHandle(h -> h.createQuery("""
                        SELECT id_hash, subscriber_id, signed_in_by, created_at, last_seen_at, expires_at
                          FROM web_session WHERE id_hash = :hash AND expires_at > :now AND last_seen_at > :idle""")
                .bind("hash", hash(id)).bind("now", now).bind("idle", now - IDLE.toMillis())
                .map((rs, ctx) -> new Session(rs.getString(1), rs.getString(2), Method.valueOf(rs.getString(3).toUpperCase(java.util.Locale.ROOT)),
                        Instant.ofEpochMilli(rs.getLong(4)), Instant.ofEpochMilli(rs.getLong(5)), Instant.ofEpochMilli(rs.getLong(6))))
                .findOne());
        found.filter(s -> now - s.lastSeenAt().toEpochMilli() > TOUCH_EVERY.toMillis()).ifPresent(s -> touch(s.idHash(), now));
        return found;
    }

    /** Signs out: the session is gone, whatever the browser does with its cookie. */
    void end(String id) {
        if (id == null) return;
        db.useTransaction(h -> h.createUpdate("DELETE FROM web_session WHERE id_hash = :hash").bind("hash", hash(id)).execute());
    }

    static String hash(String id) {
        return ClientAssertions.sha256Hex(id);
    }

    private void touch(String idHash, long now) {
        db.useTransaction(h -> h.createUpdate("UPDATE web_session SET last_seen_at = :now WHERE id_hash = :hash")
                .bind("now", now).bind("hash", idHash).execute());
    }

    /** Forgets ended sessions at most every ten minutes, so the table holds only live ones and a few. */
    private void purgeNowAndThen(long now) {
        long last = lastPurge.get();
        if (now - last < PURGE_EVERY.toMillis() || !lastPurge.compareAndSet(last, now)) return;
        db.useTransaction(h -> h.createUpdate("DELETE FROM web_session WHERE expires_at <= :now OR last_seen_at <= :idle")
                .bind("now", now).bind("idle", now - IDLE.toMillis()).execute());
    }
}
