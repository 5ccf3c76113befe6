package dev.contentpay.auth.audit;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.platform.money.Money;
import org.jdbi.v3.core.Handle;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The append-only audit log: every failed authentication, credential or limit change, approval,
 * allowance, charge, void, refund and
 * each step of a reversal. Events are written in the same transaction as the change they
 * record where there is one, so the log never claims what did not happen. Nothing here may hold a
 * password, PIN, secret or whole token: callers pass ids, amounts and codes only.
 */
public final class AuditLog {

    /** What happened. */
    public enum Kind {
        SIGN_IN_FAILED, SIGN_IN_LOCKED, PIN_FAILED, PIN_LOCKED, PIN_LOCK_RESET,
        SUBSCRIBER_REGISTERED, SUBSCRIBER_SUSPENDED, SUBSCRIBER_RESUMED, SUBSCRIBER_CLOSED,
        LIMIT_CHANGED, PIN_THRESHOLD_CHANGED, TOPPED_UP, POINTS_GRANTED, POINTS_EARNED, POINTS_REVOKED,
        TERMINAL_ENROLLED, TERMINAL_REVOKED, TERMINAL_PROOF_REFUSED,
        APPROVAL_ISSUED, APPROVAL_REFUSED, ALLOWANCE_GRANTED, JUDGEMENT_REFUSED, BUYER_PROOF_ISSUED,
        CHARGED, VOIDED, EXPIRED, REFUNDED,
        REVERSAL_OPENED, REVERSAL_ACCEPTED, REVERSAL_CONTESTED, REVERSAL_UPHELD, REVERSAL_REJECTED,
        MERCHANT_REGISTERED, MERCHANT_CHANGED, MERCHANT_SUSPENDED, MERCHANT_RESUMED,
        SIGNING_KEY_ROTATED, LINE_CERTIFICATE_RELOADED
    }

    /** One event as stored. */
    public record Event(String id, Instant at, Kind kind, String actor, String subscriberId, String merchantId,
                        String approvalId, Money amount, String detail) {
    }

    /**
     * A filter for queries; null fields do not filter. {@code before} is the id of an event: only
     * events that come after it in the log's order (older, or of the same millisecond and a lower
     * id) are listed, so an operator pages through the log by passing the last id of each page.
     */
    public record Query(String subscriberId, Kind kind, Instant from, Instant to, String before, int limit) {
    }

    private final Database db;
    private final AuditStore store;
    private final Clock clock;

    public AuditLog(Database db, AuditStore store, Clock clock) {
        this.db = db;
        this.store = store;
        this.clock = clock;
    }

    /** Records an event inside the caller's transaction. */
    public void record(Handle h, Kind kind, String actor, String subscriberId, String merchantId, String approvalId,
                       Money amount, String detail) {
        store.insert(h, Ids.random("aud"), clock.millis(), kind, actor, subscriberId, merchantId, approvalId, amount, detail);
    }

    /** Records an event in its own transaction (for events with no other change, such as a failed sign-in). */
    public void record(Kind kind, String actor, String subscriberId, String detail) {
        db.useTransaction(h -> record(h, kind, actor, subscriberId, null, null, null, detail));
    }

    /** The points the approval earned by its {@link Kind#POINTS_EARNED} events; 0 when it has none. */
    public long pointsEarned(Handle h, String approvalId) {
        return store.pointsEarned(h, approvalId);
    }

    /**
     * The events {@code q} selects, newest first. Events of one millisecond are ordered by id, the
     * same way on every call and on every database, so pages cut by {@code before} neither repeat
     * nor skip an event.
     */
    public List<Event> query(Query q) {
        return db.withHandle(h -> store.query(h, q));
    }
}
