package dev.contentpay.auth.subscriber;

import org.jdbi.v3.core.Handle;

/**
 * The counts of attempts at one secret per key, for {@link AttemptGuard}: failures, attempts in
 * flight and the lock. Every method runs in the caller's transaction; each change is one
 * conditional statement whose row count is the verdict.
 */
interface AttemptStore {

    /** A key's lock (epoch millis, -1 when none) and its failures. */
    record Count(long lockedUntil, long failures) {
    }

    /** Makes the key's row unless it exists. */
    void open(Handle h, String key, long now);

    /**
     * Takes a slot for an attempt: granted when the key is not locked (or its lock ended) and its
     * failures plus the attempts in flight (those since {@code lapsed}) stay below {@code max}.
     */
    boolean takeSlot(Handle h, String key, long now, long lapsed, int max);

    Count count(Handle h, String key);

    /** A right secret: the slot and the failures are given back, unless a lock came meanwhile. */
    void succeeded(Handle h, String key);

    /** A wrong secret: the slot becomes a failure. */
    void failed(Handle h, String key, long now);

    /** Locks the key until {@code until} when its failures reached {@code max}; true when this call locked it. */
    boolean lockIfFull(Handle h, String key, long until, int max);

    /** Gives a slot back whose secret was never checked. */
    void giveBack(Handle h, String key);

    /** Whether the key is locked at {@code now}. */
    boolean isLocked(Handle h, String key, long now);

    /** Lifts the key's lock and clears its failures. */
    void unlock(Handle h, String key);

    /** The end of the key's lock (epoch millis) when it is locked at {@code now}. */
    java.util.Optional<Long> lockedUntil(Handle h, String key, long now);

    /**
     * Deletes the rows that hold no lock (or a lock ended at {@code now}) and whose last failure and
     * last attempt are older than {@code stale}; returns how many.
     */
    int purgeStale(Handle h, long now, long stale);
}
