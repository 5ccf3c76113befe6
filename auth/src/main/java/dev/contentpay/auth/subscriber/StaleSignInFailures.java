package dev.contentpay.auth.subscriber;

import dev.contentpay.platform.db.Database;

import java.time.Clock;
import java.time.Duration;

/**
 * Anyone can make a failed sign-in row, for any id they type: rows that hold no lock (or a lock
 * that ended) and whose last failure is older than the lock duration count for nothing any more
 * and are deleted by auth's sweeper, so strangers cannot grow the table for ever.
 */
public final class StaleSignInFailures {

    private final Database db;
    private final AttemptStore store = JdbiAttemptStore.signInFailures();
    private final Clock clock;
    private final Duration lockDuration;

    public StaleSignInFailures(Database db, Clock clock, Duration lockDuration) {
        this.db = db;
        this.clock = clock;
        this.lockDuration = lockDuration;
    }

    /** Deletes the stale rows; returns how many. */
    public int purge() {
        long now = clock.millis();
        return db.inTransaction(h -> store.purgeStale(h, now, now - lockDuration.toMillis()));
    }
}
