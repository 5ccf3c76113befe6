package dev.contentpay.auth.audit;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.platform.money.Money;
import org.jdbi.v3.core.Handle;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The append-only audit log: every failed authentication, credential or limit change, approval,
 * allowance, charge, void and refund. Events are written in the same transaction as the change they
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
        APPROVAL_ISSUED, APPROVAL_REFUSED, ALLOWANCE_GRANTED, JUDGEMENT_REFUSED,
        CHARGED, VOIDED, EXPIRED, REFUNDED
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
    private final Clock clock;

    public AuditLog(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Records an event inside the caller's transaction. */
    public void record(Handle h, Kind kind, String actor, String subscriberId, String merchantId, String approvalId,
                       Money amount, String detail) {
        h.createUpdate("""
                        INSERT INTO audit_event (id, at, kind, actor, subscriber_id, merchant_id, approval_id, amount, currency, detail)
                        VALUES (:id, :at, :kind, :actor, :subscriber, :merchant, :approval, :amount, :currency, :detail)""")
                .bind("id", Ids.random("aud")).bind("at", clock.millis()).bind("kind", kind.name()).bind("actor", actor)
                .bind("subscriber", subscriberId).bind("merchant", merchantId).bind("approval", approvalId)
                .bind("amount", amount == null ? null : amount.amount()).bind("currency", amount == null ? null : amount.currency())
                .bind("detail", detail == null ? null : detail.length() > 500 ? detail.substring(0, 500) : detail)
                .execute();
    }

    /** Records an event in its own transaction (for events with no other change, such as a failed sign-in). */
    public void record(Kind kind, String actor, String subscriberId, String detail) {
        db.useTransaction(h -> record(h, kind, actor, subscriberId, null, null, null, detail));
    }

    /**
     * The events {@code q} selects, newest first. Events of one millisecond are ordered by id, the
     * same way on every call and on every database, so pages cut by {@code before} neither repeat
     * nor skip an event.
     */
    public List<Event> query(Query q) {
        var sql = new StringBuilder("SELECT id, at, kind, actor, subscriber_id, merchant_id, approval_id, amount, currency, detail FROM audit_event WHERE 1 = 1");
        if (q.subscriberId() != null) sql.append(" AND subscriber_id = :subscriber");
        if (q.kind() != null) sql.append(" AND kind = :kind");
        if (q.from() != null) sql.append(" AND at >= :from");
        if (q.to() != null) sql.append(" AND at < :to");
        if (q.before() != null) sql.append(" AND (at < :beforeAt OR (at = :beforeAt AND id < :before))");
        sql.append(" ORDER BY at DESC, id DESC LIMIT :limit");
        return db.withHandle(h -> {
            var query = h.createQuery(sql.toString()).bind("limit", Math.max(1, Math.min(q.limit(), 1000)));
            if (q.before() != null) {
                long beforeAt = h.createQuery("SELECT at FROM audit_event WHERE id = :id").bind("id", q.before()).mapTo(Long.class).findOne()
                        .orElseThrow(() -> ContentpayException.invalid("before", "is not the id of an event in the audit log"));
                query.bind("before", q.before()).bind("beforeAt", beforeAt);
            }
            if (q.subscriberId() != null) query.bind("subscriber", q.subscriberId());
            if (q.kind() != null) query.bind("kind", q.kind().name());
            if (q.from() != null) query.bind("from", q.from().toEpochMilli());
            if (q.to() != null) query.bind("to", q.to().toEpochMilli());
            return query.map((rs, ctx) -> {
                long amount = rs.getLong("amount");
                Money money = rs.wasNull() ? null : Money.of(amount, rs.getString("currency"));
                return new Event(rs.getString("id"), Instant.ofEpochMilli(rs.getLong("at")), Kind.valueOf(rs.getString("kind")),
                        rs.getString("actor"), rs.getString("subscriber_id"), rs.getString("merchant_id"),
                        rs.getString("approval_id"), money, rs.getString("detail"));
            }).list();
        });
    }
}
