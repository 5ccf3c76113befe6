package dev.contentpay.auth.subscriber;

import dev.contentpay.auth.audit.AuditLog;
import dev.contentpay.platform.crypto.PasswordHasher;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;

import org.jdbi.v3.core.Handle;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;

/**
 * The authentication means 42 ([0061]): checks identification information against the
 * registration, and stops guessing.
 * <ul>
 *   <li>An unknown id costs the same hash as a wrong password and gets the same answer, so neither
 *       the answer nor its timing reveals which ids exist.</li>
 *   <li>Passwords: after {@code maxFailures} failed attempts on one typed id, that id is locked
 *       for {@code lockDuration}; unknown ids are counted and locked the same way.</li>
 *   <li>PINs are counted apart, per subscriber: after {@code pinMaxFailures} wrong PINs (at most 5,
 *       for a 4-digit secret) PIN use is locked for {@code pinLockDuration}, or until the subscriber
 *       proves the password and lifts the lock on purpose ({@link #resetPinLock}). A right password
 *       never resets the PIN count, whatever path the PIN came by: with the password, from an
 *       enrolled terminal, or from a remembered browser.</li>
 *   <li>Every attempt takes its slot before any hash is computed ({@link AttemptGuard}), so a burst
 *       of guesses at once is checked no more often than the count allows.</li>
 *   <li>Only a subscriber who proved their password learns that their account is suspended.</li>
 * </ul>
 */
public final class Authenticator {

    private final Database db;
    private final SubscriberStore subscribers;
    private final PasswordHasher hasher;
    private final AuditLog audit;
    private final AttemptGuard passwords;
    private final AttemptGuard pins;

    public Authenticator(Database db, SubscriberStore subscribers, PasswordHasher hasher, AuditLog audit, Clock clock,
                         int maxFailures, Duration lockDuration) {
        this(db, subscribers, hasher, audit, clock, maxFailures, lockDuration, DEFAULT_PIN_MAX_FAILURES, DEFAULT_PIN_LOCK_DURATION);
    }

    public static final int DEFAULT_PIN_MAX_FAILURES = 5;
    public static final Duration DEFAULT_PIN_LOCK_DURATION = Duration.ofHours(1);

    public Authenticator(Database db, SubscriberStore subscribers, PasswordHasher hasher, AuditLog audit, Clock clock,
                         int maxFailures, Duration lockDuration, int pinMaxFailures, Duration pinLockDuration) {
        this.db = db;
        this.subscribers = subscribers;
        this.hasher = hasher;
        this.audit = audit;
        this.passwords = new AttemptGuard(db, JdbiAttemptStore.signInFailures(), clock, maxFailures, lockDuration);
        this.pins = new AttemptGuard(db, JdbiAttemptStore.pinFailures(), clock, pinMaxFailures, pinLockDuration);
    }

    /** The active subscriber whose id and password these are. */
    public Subscriber authenticate(String subscriberId, String password) {
        Subscriber subscriber = signIn(subscriberId, password);
        requireUsable(subscriber);
        return subscriber;
    }

    /** Like {@link #authenticate} but also for a suspended subscriber, who may still read their own statement. */
    public Subscriber signIn(String subscriberId, String password) {
        try (SignIn signIn = begin(subscriberId, password)) {
            return signIn.subscriber();
        }
    }

    /**
     * A right password whose attempt is still to be counted as a success, which gives its slot back
     * and clears the id's failures: inside the transaction of what the sign-in was for
     * ({@link #succeeded(Handle)}, then {@link #decided()}), so that it costs no commit of its
     * own, or on its own when it is closed undecided. Close it in every case: it holds one of the
     * id's slots until then.
     */
    public final class SignIn implements AutoCloseable {
        private final Subscriber subscriber;
        private final AttemptGuard.Slot slot;
        private boolean decided;

        private SignIn(Subscriber subscriber, AttemptGuard.Slot slot) {
            this.subscriber = subscriber;
            this.slot = slot;
        }

        public Subscriber subscriber() {
            return subscriber;
        }

        /** Counts the success in the caller's transaction; {@link #decided()} once that committed. */
        public void succeeded(Handle h) {
            if (!decided) slot.succeededIn(h);
        }

        /** The transaction that ran {@link #succeeded(Handle)} committed. */
        public void decided() {
            decided = true;
            slot.decided();
        }

        /** Counts the success now, on its own, unless it was already. */
        public void succeededAlone() {
            if (decided) return;
            slot.succeeded();
            decided = true;
        }

        @Override
        public void close() {
            try {
                succeededAlone();
            } finally {
                slot.close();
            }
        }
    }

    /** Checks the password; a right one is a {@link SignIn} to close, a wrong one a refusal, counted. */
    public SignIn begin(String subscriberId, String password) {
        String typed = typedId(subscriberId);
        var slot = passwords.take(typed, ErrorCode.SIGN_IN_LOCKED, "Too many failed attempts: sign-in is locked until ");
        boolean handedOver = false;
        try {
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
                    String known = found.isPresent() ? subscriberId : null;
                    db.useTransaction(h -> {
                        audit.record(h, AuditLog.Kind.SIGN_IN_FAILED, known == null ? "unknown" : known, known, null, null, null,
                                known == null ? "unknown subscriber id" : null);
                        if (slot.failed(h)) {
                            audit.record(h, AuditLog.Kind.SIGN_IN_LOCKED, "auth", known, null, null, null, "locked for "
                                    + passwords.lockDuration().toMinutes() + " minutes after " + passwords.maxFailures() + " failed attempts");
                        }
                    });
                    throw new ContentpayException(ErrorCode.BAD_CREDENTIALS);
                }
                handedOver = true;
                return new SignIn(found.get(), slot);
            } finally {
                Arrays.fill(secret, '\0');
            }
        } finally {
            if (!handedOver) slot.close();
        }
    }

    /**
     * Checks the PIN asked again above the subscriber's amount. A wrong PIN counts on the PIN's own
     * count; the one that fills it locks PIN use ({@code pin_locked}), which a right password does
     * not lift.
     */
    public void verifyPin(Subscriber subscriber, String pin) {
        if (pin == null) throw new ContentpayException(ErrorCode.PIN_REQUIRED);
        try (var slot = pins.take(subscriber.id(), ErrorCode.PIN_LOCKED, "Too many wrong PINs: PIN use is locked until ")) {
            char[] secret = pin.toCharArray();
            try {
                if (subscriber.pinHash() == null || !hasher.verify(secret, subscriber.pinHash())) {
                    db.useTransaction(h -> {
                        audit.record(h, AuditLog.Kind.PIN_FAILED, subscriber.id(), subscriber.id(), null, null, null, null);
                        if (slot.failed(h)) {
                            audit.record(h, AuditLog.Kind.PIN_LOCKED, "auth", subscriber.id(), null, null, null, "PIN use locked for "
                                    + pins.lockDuration().toMinutes() + " minutes after " + pins.maxFailures() + " wrong PINs");
                        }
                    });
                    throw new ContentpayException(ErrorCode.PIN_WRONG);
                }
                // A right PIN clears the PIN's count: someone who buys only with an enrolled terminal
                // and a PIN must not drift towards a lock over the months.
                slot.succeeded();
            } finally {
                Arrays.fill(secret, '\0');
            }
        }
    }

    /**
     * Lifts a lock on PIN use and clears the count of wrong PINs: the subscriber's own act, after
     * proving their password (the caller has: {@link #signIn}). Audited; whether PIN use was locked.
     */
    public boolean resetPinLock(Subscriber subscriber) {
        return db.inTransaction(h -> {
            boolean wasLocked = pins.reset(h, subscriber.id());
            audit.record(h, AuditLog.Kind.PIN_LOCK_RESET, subscriber.id(), subscriber.id(), null, null, null,
                    wasLocked ? "PIN use unlocked by the subscriber with the password" : "count of wrong PINs cleared by the subscriber");
            return wasLocked;
        });
    }

    /** The end of the lock on this subscriber's PIN use, if it is locked now. */
    public java.util.Optional<java.time.Instant> pinLockedUntil(Subscriber subscriber) {
        return pins.lockedUntil(subscriber.id());
    }

    public static void requireUsable(Subscriber subscriber) {
        switch (subscriber.status()) {
            case ACTIVE -> { }
            case SUSPENDED -> throw new ContentpayException(ErrorCode.SUBSCRIBER_SUSPENDED);
            case CLOSED -> throw new ContentpayException(ErrorCode.SUBSCRIBER_CLOSED);
        }
    }

    private static String typedId(String id) {
        return id.length() > 64 ? id.substring(0, 64) : id;
    }
}
