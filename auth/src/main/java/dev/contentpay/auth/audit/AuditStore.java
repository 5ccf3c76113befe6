package dev.contentpay.auth.audit;

import dev.contentpay.platform.money.Money;
import org.jdbi.v3.core.Handle;

import java.util.List;

/** Where {@link AuditLog} keeps its events; every method runs in the caller's transaction. */
public interface AuditStore {

    /** Appends one event; {@code detail} is cut to 500 characters. */
    void insert(Handle h, String id, long at, AuditLog.Kind kind, String actor, String subscriberId, String merchantId,
                String approvalId, Money amount, String detail);

    /** The points the approval earned by its {@link AuditLog.Kind#POINTS_EARNED} events; 0 when it has none. */
    long pointsEarned(Handle h, String approvalId);

    /**
     * The events {@code q} selects, newest first. Events of one millisecond are ordered by id, the
     * same way on every call and on every database, so pages cut by {@code before} neither repeat
     * nor skip an event.
     */
    List<AuditLog.Event> query(Handle h, AuditLog.Query q);
}
