package dev.contentpay.settlement.notice;

import dev.contentpay.settlement.events.EventType;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The outbox of messages owed to the issuer: what is due, what became of each delivery, and the dead letters. */
public interface OutboxStore {

    /**
     * Pending messages whose next attempt is due at {@code now} and whose predecessor (if any) is
     * acknowledged, oldest due first.
     */
    List<OutboxMessage> due(Instant now, int limit);

    /**
     * Takes up to {@code limit} due messages for this instance to send: each is leased until
     * {@code leaseUntil}, so other instances sharing the database do not send it meanwhile. The
     * outcome (acknowledged, rescheduled, dead) ends the lease.
     */
    List<OutboxMessage> claimDue(Instant now, int limit, Instant leaseUntil);

    /** Makes the messages leased by instances no longer alive due again at once; returns how many. */
    int releaseLeasesOfDeadInstances(Instant now);

    /** Records the issuer's acknowledgement and the event it means, in one transaction. */
    void acknowledged(OutboxMessage message, int attempts, Instant at, String result, EventType event, Map<String, Object> data);

    /** One acknowledgement of {@link #acknowledgedAll}. */
    record Acknowledgement(OutboxMessage message, int attempts, String result, EventType event, Map<String, Object> data) {
    }

    /** Marks several messages sent at {@code at}, each with its event, in one transaction: the answers of one batch. */
    void acknowledgedAll(List<Acknowledgement> acknowledgements, Instant at);

    void reschedule(String id, int attempts, Instant nextAttemptAt, String errorCode);

    /** Gives up on a message after its last attempt: it goes on the dead-letter list, with an event. */
    void markDead(OutboxMessage message, int attempts, String errorCode, Instant at);

    /** Puts a dead letter back in the queue, due now, with its attempts counted afresh; empty unless it was DEAD. */
    Optional<OutboxMessage> resend(String id, Instant now);

    Optional<OutboxMessage> find(String id);

    /** The message of one kind about one subject (an allowance id, a refund id, an approval id). */
    Optional<OutboxMessage> find(OutboxMessage.Kind kind, String subject);

    /** Messages in one status (all when null), newest first. */
    List<OutboxMessage> list(OutboxMessage.Status status, int limit);

    /** Messages of one kind still waiting to be acknowledged (not DEAD). */
    int pending(OutboxMessage.Kind kind);
}
