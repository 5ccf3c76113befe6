package dev.contentpay.auth.subscriber;

import dev.contentpay.platform.db.Database;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Counts attempts at one secret per key and locks the key after {@code maxFailures}, whatever the
 * concurrency and however many instances share the database. An attempt takes its slot before the
 * secret is checked, by one conditional update whose row count is the verdict: the slot counts as
 * a failure from the start (a crash in between leaves it counted, never forgotten), a right secret
 * gives the count back, and the failure that fills the count locks the key for
 * {@code lockDuration}. So at most {@code maxFailures} guesses are ever checked per lock window:
 * 60 guesses at once on a count of 10 get 10 answers and 50 refusals, on SQLite (one writer) as on
 * PostgreSQL (the update takes the row's lock).
 *
 * <p>Two guards use it: passwords on {@code sign_in_failure}, keyed by the id typed (known or not),
 * and PINs on {@code pin_failure}, keyed by the subscriber, counted apart so a right password never
 * resets what wrong PINs counted.
 */
final class AttemptGuard {

    /** How a taken slot ended: {@link #LOCKED} when this failure filled the count and locked the key. */
    enum Outcome { GIVEN_BACK, COUNTED, LOCKED }

    private final Database db;
    private final Clock clock;
    private final String table;
    private final String keyColumn;
    private final int maxFailures;
    private final Duration lockDuration;

    AttemptGuard(Database db, Clock clock, String table, String keyColumn, int maxFailures, Duration lockDuration) {
        this.db = db;
        this.clock = clock;
        this.table = table;
        this.keyColumn = keyColumn;
        this.maxFailures = maxFailures;
        this.lockDuration = lockDuration;
    }

    int maxFailures() {
        return maxFailures;
    }

    Duration lockDuration() {
        return lockDuration;
    }

    /**
     * Takes an attempt's slot: empty when granted, else the time the key is locked until (the end
     * of its lock, or, while the count is full of attempts not yet decided, a lock's length from now).
     */
    Optional<Instant> take(String key) {
        long now = clock.millis();
        return db.inTransaction(h -> {
            h.createUpdate("INSERT INTO " + table + " (" + keyColumn + ", failures, locked_until, last_failure) VALUES (:k, 0, NULL, :now) "
                    + "ON CONFLICT (" + keyColumn + ") DO NOTHING").bind("k", key).bind("now", now).execute();
            int granted = h.createUpdate("UPDATE " + table + " SET "
                            + "failures = CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failures + 1 END, "
                            + "locked_until = NULL, last_failure = :now "
                            + "WHERE " + keyColumn + " = :k AND (locked_until <= :now OR locked_until IS NULL AND failures < :max)")
                    .bind("k", key).bind("now", now).bind("max", maxFailures).execute();
            if (granted == 1) return Optional.<Instant>empty();
            Long until = h.createQuery("SELECT locked_until FROM " + table + " WHERE " + keyColumn + " = :k")
                    .bind("k", key).mapTo(Long.class).findOne().orElse(null);
            return Optional.of(until != null ? Instant.ofEpochMilli(until) : Instant.ofEpochMilli(now).plus(lockDuration));
        });
    }

    /** A right secret: its slot and every earlier failure on the key are given back, unless a lock came meanwhile. */
    void succeeded(String key) {
        db.useTransaction(h -> h.createUpdate("UPDATE " + table + " SET failures = 0 WHERE " + keyColumn + " = :k AND locked_until IS NULL")
                .bind("k", key).execute());
    }

    /**
     * A wrong secret, already counted by its slot: if the count is full, this failure locks the key
     * (once: the concurrent failures that follow find it locked). Runs inside the caller's
     * transaction, so the lock and its audit entry are one.
     */
    Outcome failed(org.jdbi.v3.core.Handle h, String key) {
        long now = clock.millis();
        int locked = h.createUpdate("UPDATE " + table + " SET locked_until = :until, failures = 0 "
                        + "WHERE " + keyColumn + " = :k AND locked_until IS NULL AND failures >= :max")
                .bind("k", key).bind("until", now + lockDuration.toMillis()).bind("max", maxFailures).execute();
        return locked == 1 ? Outcome.LOCKED : Outcome.COUNTED;
    }

    /** Lifts the key's lock and clears its count (the subscriber's own reset, after proving the password); whether there was one. */
    boolean reset(org.jdbi.v3.core.Handle h, String key) {
        long now = clock.millis();
        int wasLocked = h.createQuery("SELECT COUNT(*) FROM " + table + " WHERE " + keyColumn + " = :k AND locked_until > :now")
                .bind("k", key).bind("now", now).mapTo(Integer.class).one();
        h.createUpdate("DELETE FROM " + table + " WHERE " + keyColumn + " = :k").bind("k", key).execute();
        return wasLocked > 0;
    }

    /** The end of the key's lock, if it is locked now. */
    Optional<Instant> lockedUntil(String key) {
        long now = clock.millis();
        return db.withHandle(h -> h.createQuery("SELECT locked_until FROM " + table + " WHERE " + keyColumn + " = :k AND locked_until > :now")
                .bind("k", key).bind("now", now).mapTo(Long.class).findOne().map(Instant::ofEpochMilli));
    }
}
