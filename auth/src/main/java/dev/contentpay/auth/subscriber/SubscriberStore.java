package dev.contentpay.auth.subscriber;

import org.jdbi.v3.core.Handle;

import java.util.Optional;

/**
 * Subscribers and their credentials; passwords and PINs only as Argon2id hashes. The methods
 * taking a {@code Handle} run in the caller's transaction, with the audit event of the change.
 */
public interface SubscriberStore {

    Optional<Subscriber> find(String id);

    Optional<Subscriber> find(Handle h, String id);

    /**
     * Registers a subscriber unless the id is taken; returns whether it was added. A prepaid
     * subscriber's opening balance becomes the cap of their prepaid budget.
     */
    boolean registerIfAbsent(Registration r);

    /** Suspends, resumes or closes an account; closing notes when, at {@code now} (epoch millis). */
    void changeStatus(Handle h, String id, Subscriber.Status to, long now);

    /** Sets the monthly credit limit; with {@code onlyLower}, false and nothing changed when it would rise. */
    boolean setCreditLimit(Handle h, String id, long limit, boolean onlyLower);

    /** Sets the amount from which a PIN is asked (null: never); false when the account is not active. */
    boolean setPinThreshold(Handle h, String id, Long threshold);
}
