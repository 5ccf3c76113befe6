package dev.contentpay.auth.subscriber;

import dev.contentpay.auth.audit.AuditLog;
import dev.contentpay.platform.crypto.PasswordHasher;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;

/**
 * The authentication means 42 ([0061]): checks identification information against the
 * registration, and stops guessing.
 * <ul>
 *   <li>An unknown id costs the same hash as a wrong password and gets the same answer, so neither
 *       the answer nor its timing reveals which ids exist.</li>
 *   <li>After {@code maxFailures} failed attempts on one typed id (password or PIN), that id is
 *       locked for {@code lockDuration}; unknown ids are counted and locked the same way.</li>
 *   <li>Only a subscriber who proved their password learns that their account is suspended.</li>
 * </ul>
 */
public final class Authenticator {

    private final Database db;
    private final SubscriberStore subscribers;
    private final PasswordHasher hasher;
    private final AuditLog audit;
    private final Clock clock;
    private final int maxFailures;
    private final Duration lockDuration;

    public Authenticator(Database db, SubscriberStore subscribers, PasswordHasher hasher, AuditLog audit, Clock clock,
                         int maxFailures, Duration lockDuration) {
        this.db = db;
        this.subscribers = subscribers;
        this.hasher = hasher;
        this.audit = audit;
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.lockDuration = lockDuration;
    }

    /** The active subscriber whose id and password these are. */
    public Subscriber authenticate(String subscriberId, String password) {
        Subscriber subscriber = signIn(subscriberId, password);
        requireUsable(subscriber);
        return subscriber;
    }

    /** Like {@link #authenticate} but also for a suspended subscriber, who may still read their own statement. */
    public Subscriber signIn(String subscriberId, String password) {
        String typed = typedId(subscriberId);
        refuseIfLocked(typed);
        char[] secret = password.toCharArray();
        try {
            var found = subscribers.find(subscriberId);
            boolean ok;
            if (found.isEmpty()) {
                hasher.verifyAgainstDummy(secret);
                ok = false;
            } else {
                ok = hasher.verify(secret, found.get().passwordHash());
            }
            if (!ok) {
                failed(typed, found.isPresent() ? subscriberId : null, AuditLog.Kind.SIGN_IN_FAILED);
                throw new ContentpayException(ErrorCode.BAD_CREDENTIALS);
            }
            succeeded(typed);
            return found.get();
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    /** Checks the PIN asked again above the subscriber's amount; a wrong PIN counts as a failed attempt. */
    public void verifyPin(Subscriber subscriber, String pin) {
        if (pin == null) throw new ContentpayException(ErrorCode.PIN_REQUIRED);
        String typed = typedId(subscriber.id());
        refuseIfLocked(typed);
        char[] secret = pin.toCharArray();
        try {
            if (subscriber.pinHash() == null || !hasher.verify(secret, subscriber.pinHash())) {
                failed(typed, subscriber.id(), AuditLog.Kind.PIN_FAILED);
                throw new ContentpayException(ErrorCode.PIN_WRONG);
            }
            // Like a right password, a right PIN clears the count: someone who signs in only with an
            // enrolled terminal and a PIN must not drift towards a lock over the months.
            succeeded(typed);
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    public static void requireUsable(Subscriber subscriber) {
        switch (subscriber.status()) {
            case ACTIVE -> { }
            case SUSPENDED -> throw new ContentpayException(ErrorCode.SUBSCRIBER_SUSPENDED);
            case CLOSED -> throw new ContentpayException(ErrorCode.SUBSCRIBER_CLOSED);
        }
    }

    private void refuseIfLocked(String typed) {
        Long lockedUntil = db.withHandle(h -> h.createQuery("SELECT locked_until FROM sign_in_failure WHERE typed_id = :id")
                .bind("id", typed).mapTo(Long.class).findOne().orElse(null));
        if (lockedUntil != null && lockedUntil > clock.millis()) {
            throw new ContentpayException(ErrorCode.SIGN_IN_LOCKED, "Too many failed attempts: sign-in is locked until "
                    + java.time.Instant.ofEpochMilli(lockedUntil).truncatedTo(java.time.temporal.ChronoUnit.MINUTES) + ".");
        }
    }

    /** Counts a failure; the one that reaches the maximum locks the id and starts the count again. */
    private void failed(String typed, String subscriberId, AuditLog.Kind kind) {
        long now = clock.millis();
        db.useTransaction(h -> {
            h.createUpdate("""
                            INSERT INTO sign_in_failure (typed_id, failures, locked_until, last_failure) VALUES (:id, 1, NULL, :now)
                            ON CONFLICT (typed_id) DO UPDATE SET failures = sign_in_failure.failures + 1, last_failure = :now""")
                    .bind("id", typed).bind("now", now).execute();
            int locked = h.createUpdate("""
                            UPDATE sign_in_failure SET locked_until = :until, failures = 0
                             WHERE typed_id = :id AND failures >= :max""")
                    .bind("id", typed).bind("until", now + lockDuration.toMillis()).bind("max", maxFailures).execute();
            audit.record(h, kind, subscriberId == null ? "unknown" : subscriberId, subscriberId, null, null, null,
                    subscriberId == null ? "unknown subscriber id" : null);
            if (locked == 1) {
                audit.record(h, AuditLog.Kind.SIGN_IN_LOCKED, "auth", subscriberId, null, null, null,
                        "locked for " + lockDuration.toMinutes() + " minutes after " + maxFailures + " failed attempts");
            }
        });
    }

    private void succeeded(String typed) {
        db.useTransaction(h -> h.createUpdate("DELETE FROM sign_in_failure WHERE typed_id = :id AND locked_until IS NULL OR typed_id = :id AND locked_until <= :now")
                .bind("id", typed).bind("now", clock.millis()).execute());
    }

    private static String typedId(String id) {
        return id.length() > 64 ? id.substring(0, 64) : id;
    }
}
