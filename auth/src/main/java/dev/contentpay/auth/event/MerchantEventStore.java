package dev.contentpay.auth.event;

import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The events owed to merchants: written in the transaction of the change each reports
 * ({@link #insert} takes the caller's handle), then delivered, retried, given up on and sent again
 * by the delivery worker and the operator, each a conditional statement whose row count is the
 * verdict.
 */
public interface MerchantEventStore {

    /** Records a new event, due for delivery at once, in the caller's transaction. */
    void insert(Handle h, MerchantEvent event);

    /**
     * The merchant's feed: its events after the one made at {@code afterTime} with id {@code afterId}
     * (from the first when both are null), in the order of the time they were made, then of id.
     */
    List<MerchantEvent> after(String merchantId, Instant afterTime, String afterId, int limit);

    /**
     * Takes up to {@code limit} PENDING events due at {@code now} for this worker: each one's next
     * attempt is moved to {@code leaseUntil}, so another instance sharing the database does not send
     * it meanwhile; the outcome (delivered, rescheduled, failed) ends the lease.
     */
    List<MerchantEvent> claimDue(Instant now, int limit, Instant leaseUntil);

    /** The merchant answered 2xx: the event is DELIVERED. */
    void delivered(String id, int attempts, Instant at);

    /** The delivery failed and will be tried again at {@code next}. */
    void reschedule(String id, int attempts, Instant next, String error);

    /** The last attempt failed: the event is FAILED, shown to the operator. */
    void failed(String id, int attempts, String error);

    /** A FAILED event is PENDING again, due at {@code now}, with its attempts counted afresh; false when it was not FAILED. */
    boolean redeliver(String id, Instant now);

    Optional<MerchantEvent> find(String id);

    /** Events in one status, oldest first, after {@code afterId} (from the first when null). */
    List<MerchantEvent> list(MerchantEvent.Status status, String afterId, int limit);
}
