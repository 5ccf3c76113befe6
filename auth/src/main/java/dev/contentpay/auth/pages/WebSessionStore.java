package dev.contentpay.auth.pages;

import java.time.Instant;
import java.util.Optional;

/**
 * Where the signed-in browsers' sessions are kept ({@link WebSessions} holds their rules). Rows are
 * keyed by the SHA-256 of the session id; the id itself is never stored.
 */
public interface WebSessionStore {

    /** How the subscriber proved who they are: their password, or the PIN on a remembered browser. */
    enum Method { PASSWORD, PIN }

    record Session(String idHash, String subscriberId, Method method, Instant createdAt, Instant lastSeenAt, Instant expiresAt) {
    }

    void insert(String idHash, String subscriberId, Method method, long nowMillis, long expiresAtMillis);

    /** The session of this hash if it has not expired by {@code nowMillis} and was seen after {@code idleSinceMillis}. */
    Optional<Session> findLive(String idHash, long nowMillis, long idleSinceMillis);

    void touch(String idHash, long nowMillis);

    void delete(String idHash);

    /** Deletes every session expired by {@code nowMillis} or not seen since {@code idleSinceMillis}. */
    void purge(long nowMillis, long idleSinceMillis);
}
