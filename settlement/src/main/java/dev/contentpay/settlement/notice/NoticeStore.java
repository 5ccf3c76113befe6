package dev.contentpay.settlement.notice;

import java.time.Instant;
import java.util.List;

/** The outbox of payment notices: what is due, and what became of each delivery. */
public interface NoticeStore {

    /** Pending notices whose next attempt is due at {@code now}, oldest first. */
    List<OutboxNotice> due(Instant now, int limit);

    void markSent(String allowanceId, int attempts, Instant at);

    void reschedule(String allowanceId, int attempts, Instant nextAttemptAt, String errorCode);

    /** Gives up on a notice; an operator has to look at it (the issuer will void the reservation). */
    void markDead(String allowanceId, int attempts, String errorCode);

    int pending();
}
