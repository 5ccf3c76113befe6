package dev.contentpay.platform.http;

import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.Optional;

/**
 * The kept answers to idempotency keys ({@code idempotency_entry}): a row is a claim until it holds
 * a status and a sealed answer. Every method runs in the caller's transaction.
 */
interface IdempotencyStore {

    /** A row: the request's hash, and its status and sealed answer once answered. */
    record Entry(String requestHash, Integer status, String answer, long createdAt) {
        boolean answered() {
            return status != null;
        }
    }

    Optional<Entry> find(Handle h, String id);

    /** Inserts a claim; false when a row for {@code id} exists already (this writes nothing then). */
    boolean claim(Handle h, String id, String requestHash, long now, long owner);

    /** Takes over an unanswered claim made at {@code claimedAt}; false when another took it first or it was answered. */
    boolean takeOver(Handle h, String id, long claimedAt, long now, long owner);

    /** Keeps the answer of a claim; a claim answered already keeps its first answer. */
    void complete(Handle h, String id, int status, String sealedAnswer);

    /** Writes a row with its answer at once, replacing an unanswered one, never an answered one (a database only this process opens). */
    void put(Handle h, String id, String requestHash, long now, long owner, int status, String sealedAnswer);

    /** Drops an unanswered claim, so a retry runs afresh. */
    void release(Handle h, String id);

    /** Drops the unanswered claims of every instance not in {@code live}; how many. */
    int releaseClaimsNotOf(Handle h, List<Long> live);

    /** Drops at most {@code limit} of the rows made before {@code cutoff}, the oldest first; how many. */
    int purgeOlderThan(Handle h, long cutoff, int limit);

    /** The secret an older version kept in the database, if one is still there. */
    Optional<String> legacySecret(Handle h);

    void dropLegacySecret(Handle h);
}
