package dev.contentpay.auth.reversal;

import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.ReversalView;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code reversal} table through Jdbi, on SQLite or PostgreSQL, in the caller's transaction.
 * Each change of status is one conditional UPDATE whose row count says whether this caller made it,
 * so two operators (or an operator and the merchant) answering at once cannot both move it.
 */
final class ReversalStore {

    private static final String COLUMNS = "r.id, r.approval_id, a.allowance_id, a.settlement_id, r.merchant_id, r.subscriber_id, r.reason, "
            + "r.status, r.amount, r.currency, r.refunded, r.note, r.decision_note, r.opened_at, r.answered_at, r.decided_at";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM reversal r JOIN approval a ON a.id = r.approval_id";

    /** Adds an OPENED reversal; false when another of the approval is open (the partial unique index). */
    boolean insert(Handle h, String id, String approvalId, String merchantId, String subscriberId, String reason, Money amount,
                   String openedBy, Instant at) {
        return h.createUpdate("INSERT INTO reversal (id, approval_id, merchant_id, subscriber_id, reason, amount, currency, status, "
                        + "opened_by, opened_at) VALUES (:id, :approval, :merchant, :subscriber, :reason, :amount, :currency, 'OPENED', :by, :at) "
                        + "ON CONFLICT DO NOTHING")
                .bind("id", id).bind("approval", approvalId).bind("merchant", merchantId).bind("subscriber", subscriberId)
                .bind("reason", reason).bind("amount", amount.amount()).bind("currency", amount.currency()).bind("by", openedBy)
                .bind("at", at.toEpochMilli()).execute() == 1;
    }

    /** The merchant contested an OPENED reversal; false when it is not OPENED any more. */
    boolean contest(Handle h, String id, String note, Instant at) {
        return h.createUpdate("UPDATE reversal SET status = 'CONTESTED', note = :note, answered_at = :at WHERE id = :id AND status = 'OPENED'")
                .bind("id", id).bind("note", note).bind("at", at.toEpochMilli()).execute() == 1;
    }

    /**
     * Closes a reversal that is in {@code from} as {@code to}, with what it gave back; false when it
     * is not in {@code from} any more. An accepted one is answered and decided at once.
     */
    boolean close(Handle h, String id, String from, String to, long refunded, String decisionNote, Instant at) {
        String answered = "ACCEPTED".equals(to) ? ", answered_at = :at" : "";
        return h.createUpdate("UPDATE reversal SET status = :to, refunded = :refunded, decision_note = :decision, decided_at = :at" + answered
                        + " WHERE id = :id AND status = :from")
                .bind("id", id).bind("from", from).bind("to", to).bind("refunded", refunded).bind("decision", decisionNote)
                .bind("at", at.toEpochMilli()).execute() == 1;
    }

    /**
     * Takes the approval's row lock (an update that changes nothing; SQLite has one writer anyway),
     * so that what is read of its refunds next stays true until the caller's transaction ends: a
     * merchant's refund racing the decision waits for it, or has committed and is seen.
     */
    void lockApproval(Handle h, String approvalId) {
        h.createUpdate("UPDATE approval SET refunded = refunded WHERE id = :id").bind("id", approvalId).execute();
    }

    Optional<ReversalView> find(Handle h, String id) {
        return h.createQuery(SELECT + " WHERE r.id = :id").bind("id", id).map(MAPPER).findOne();
    }

    /** The open reversal of an approval, if there is one. */
    Optional<ReversalView> openOf(Handle h, String approvalId) {
        return h.createQuery(SELECT + " WHERE r.approval_id = :a AND r.status IN ('OPENED', 'CONTESTED')").bind("a", approvalId).map(MAPPER).findOne();
    }

    /** Reversals newest first, of one status when {@code status} is not null, of one merchant when {@code merchantId} is not null. */
    List<ReversalView> list(Handle h, String status, String merchantId, int limit) {
        // Conditions only for the filters given: PostgreSQL cannot type a parameter that is only compared with NULL.
        String where = " WHERE 1 = 1" + (status == null ? "" : " AND r.status = :status") + (merchantId == null ? "" : " AND r.merchant_id = :merchant");
        var query = h.createQuery(SELECT + where + " ORDER BY r.opened_at DESC, r.id DESC LIMIT :limit").bind("limit", limit);
        if (status != null) query.bind("status", status.toUpperCase(Locale.ROOT));
        if (merchantId != null) query.bind("merchant", merchantId);
        return query.map(MAPPER).list();
    }

    private static Instant instant(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static final RowMapper<ReversalView> MAPPER = (rs, ctx) -> {
        String currency = rs.getString(10);
        long refunded = rs.getLong(11);
        Money given = rs.wasNull() ? null : Money.of(refunded, currency);
        return new ReversalView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8).toLowerCase(Locale.ROOT), Money.of(rs.getLong(9), currency), given, rs.getString(12),
                rs.getString(13), instant(rs, 14), instant(rs, 15), instant(rs, 16));
    };
}
