package dev.contentpay.settlement.webhook;

import dev.contentpay.protocol.IssuerEvent;
import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.util.Optional;

/** The issuer's events applied here, one row per event id: what makes each apply once. */
public interface IssuerEventStore {

    /** A recorded event and what it found here. */
    record Applied(String eventId, String type, String approvalId, String matched, Instant receivedAt) {
    }

    /**
     * Records the event in the caller's transaction; false, and nothing written, when an event of
     * that id is recorded already (the primary key, so a concurrent duplicate waits and adds nothing).
     */
    boolean record(Handle h, IssuerEvent event, String matched, Instant receivedAt);

    Optional<Applied> find(String eventId);
}
