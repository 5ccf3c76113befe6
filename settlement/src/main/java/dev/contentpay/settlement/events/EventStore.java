package dev.contentpay.settlement.events;

import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.Optional;

/**
 * The event feed's rows and the chain's signed checkpoints. Every method runs in the caller's
 * transaction: an event is appended by the transaction of the fact it records.
 */
interface EventStore {

    /** An event as appended: its claims ({@code payload}) and the chain's value after it. */
    record Row(long seq, String id, String type, String subject, long occurredAt, String data, String payload, String chain) {
    }

    /** An event as stored: {@code jws} for events signed alone before checkpoints, else {@code payload} and {@code chain}. */
    record StoredEvent(long seq, String id, String type, String subject, long occurredAt, String data, String jws, String payload, String chain) {
    }

    /**
     * Takes the next number. The counter row's update is the first write of the append, so
     * concurrent writers of events queue here and commit in the order of their numbers.
     */
    long nextSeq(Handle h);

    void insert(Handle h, Row row);

    /** The chain's value after event {@code seq}: its stored {@code chain}, or the hash of its signature for an event signed alone. */
    String chainAt(Handle h, long seq);

    /** The newest event's number, 0 when there is none. */
    long newestSeq(Handle h);

    /** The newest event a checkpoint covers, 0 when there is none. */
    long newestCheckpointSeq(Handle h);

    /** Keeps a checkpoint; when another instance kept one for the same event first, that one stays. */
    void keepCheckpoint(Handle h, long seq, String chain, String jws, long signedAt);

    /** At most {@code limit} events after {@code after}, in order. */
    List<StoredEvent> after(Handle h, long after, int limit);

    /** The newest checkpoint among events {@code first} to {@code last}. */
    Optional<String> newestCheckpointBetween(Handle h, long first, long last);
}
