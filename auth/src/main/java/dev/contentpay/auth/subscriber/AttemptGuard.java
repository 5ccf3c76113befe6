package dev.contentpay.auth.subscriber;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import org.jdbi.v3.core.Handle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Counts attempts at one secret per key and locks the key after {@code maxFailures}, whatever the
 * concurrency and however many instances share the database. An attempt takes a slot before its
 * secret is checked, with one conditional update whose row count is the verdict: failures plus
 * attempts in flight may never exceed the count. A right secret gives its slot back and clears the
 * failures; a wrong one turns its slot into a failure, and the failure that fills the count locks
 * the key for {@code lockDuration}. So at most {@code maxFailures} guesses are ever checked per lock
 * window: 60 wrong guesses at once on a count of 10 get 10 answers and 50 refusals, on SQLite (one
 * writer) as on PostgreSQL (the update holds the row's lock).
 *
 * <p>An attempt that finds the count full of attempts still in flight is not refused: it waits for
 * them (in this process on a gate of {@code maxFailures} permits per key, across instances by
 * trying again), since they may well be right; it is refused only once they turned into a lock.
 * A count left in flight by a process that died lapses after {@link #IN_FLIGHT_LAPSE}.
 *
 * <p>Two guards use it: passwords on {@code sign_in_failure}, keyed by the id typed (known or not),
 * and PINs on {@code pin_failure}, keyed by the subscriber, counted apart so that a right password
 * never resets what wrong PINs counted.
 */
final class AttemptGuard {

    /** No check takes this long: attempts counted in flight for longer were left by a process that died. */
    static final Duration IN_FLIGHT_LAPSE = Duration.ofMinutes(1);
    /** How long an attempt waits for the attempts in flight before it is answered server_busy. */
    private static final Duration MAX_WAIT = Duration.ofSeconds(10);

    private final Database db;
    private final AttemptStore store;
    private final Clock clock;
    private final int maxFailures;
    private final Duration lockDuration;
    /** Per key, at most maxFailures attempts of this process at the database at once; the rest wait here, parked. */
    private final Cache<String, Semaphore> gates = Caffeine.newBuilder().weakValues().executor(Runnable::run).build();

    AttemptGuard(Database db, AttemptStore store, Clock clock, int maxFailures, Duration lockDuration) {
        this.db = db;
        this.store = store;
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.lockDuration = lockDuration;
    }

    int maxFailures() {
        return maxFailures;
    }

    Duration lockDuration() {
        return lockDuration;
    }

    /** What the database said to an attempt. */
    private record Verdict(boolean granted, Instant lockedUntil) {
    }

    /**
     * An attempt's slot, to be closed once its secret was checked: with {@link #succeeded()} or
     * {@link #failed(Handle)} first, or on its own (the check never happened: the slot is given back).
     */
    final class Slot implements AutoCloseable {
        private final String key;
        private final Semaphore gate;
        private boolean decided;

        private Slot(String key, Semaphore gate) {
            this.key = key;
            this.gate = gate;
        }

        /** A right secret: the slot and the key's failures are given back, unless a lock came meanwhile. */
        void succeeded() {
            decided = true;
            db.useTransaction(h -> store.succeeded(h, key));
        }

        /** {@link #succeeded()} inside the caller's transaction; {@link #decided()} once that committed. */
        void succeededIn(Handle h) {
            store.succeeded(h, key);
        }

        /** The caller's transaction that ran {@link #succeededIn} committed. */
        void decided() {
            decided = true;
        }

        /**
         * A wrong secret, inside the caller's transaction (so a lock and its audit entry are one): the
         * slot becomes a failure; if that fills the count, the key is locked, by this failure alone.
         */
        boolean failed(Handle h) {
            decided = true;
            long now = clock.millis();
            store.failed(h, key, now);
            return store.lockIfFull(h, key, now + lockDuration.toMillis(), maxFailures);
        }

        @Override
        public void close() {
            try {
                if (!decided) {
                    db.useTransaction(h -> store.giveBack(h, key));
                }
            } finally {
                gate.release();
            }
        }
    }

    /**
     * Takes an attempt's slot, waiting while the count is full of attempts in flight; refuses with
     * {@code locked} (and its end as Retry-After) when the key is locked.
     */
    Slot take(String key, ErrorCode locked, String lockedSentence) {
        Semaphore gate = gates.get(key, k -> new Semaphore(maxFailures, true));
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        try {
            if (!gate.tryAcquire(MAX_WAIT.toNanos(), TimeUnit.NANOSECONDS)) throw new ContentpayException(ErrorCode.SERVER_BUSY);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContentpayException(ErrorCode.SERVER_BUSY);
        }
        try {
            for (long pause = 5; ; pause = Math.min(pause * 2, 100)) {
                Verdict verdict = tryTake(key);
                if (verdict.granted()) return new Slot(key, gate);
                if (verdict.lockedUntil() != null) {
                    var wait = Duration.between(clock.instant(), verdict.lockedUntil());
                    throw new ContentpayException(locked, lockedSentence + verdict.lockedUntil().truncatedTo(java.time.temporal.ChronoUnit.MINUTES) + ".")
                            .withRetryAfter(wait.isNegative() ? Duration.ofSeconds(1) : wait);
                }
                // Full of attempts in flight at other instances: they may be right; wait for them.
                if (System.nanoTime() > deadline) throw new ContentpayException(ErrorCode.SERVER_BUSY);
                Thread.sleep(pause);
            }
        } catch (InterruptedException e) {
            gate.release();
            Thread.currentThread().interrupt();
            throw new ContentpayException(ErrorCode.SERVER_BUSY);
        } catch (RuntimeException e) {
            gate.release();
            throw e;
        }
    }

    private Verdict tryTake(String key) {
        long now = clock.millis();
        long lapsed = now - IN_FLIGHT_LAPSE.toMillis();
        return db.inTransaction(h -> {
            store.open(h, key, now);
            if (store.takeSlot(h, key, now, lapsed, maxFailures)) return new Verdict(true, null);
            AttemptStore.Count row = store.count(h, key);
            if (row.lockedUntil() > now) return new Verdict(false, Instant.ofEpochMilli(row.lockedUntil()));
            if (row.failures() >= maxFailures) return new Verdict(false, Instant.ofEpochMilli(now).plus(lockDuration));
            return new Verdict(false, null);
        });
    }

    /** Lifts the key's lock and clears its failures (the subscriber's own reset, after proving the password); whether it was locked. */
    boolean reset(Handle h, String key) {
        long now = clock.millis();
        boolean wasLocked = store.isLocked(h, key, now);
        store.unlock(h, key);
        return wasLocked;
    }

    /** The end of the key's lock, if it is locked now. */
    Optional<Instant> lockedUntil(String key) {
        long now = clock.millis();
        return db.withHandle(h -> store.lockedUntil(h, key, now)).map(Instant::ofEpochMilli);
    }
}
