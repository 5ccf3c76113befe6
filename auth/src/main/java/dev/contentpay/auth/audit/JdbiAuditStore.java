package dev.contentpay.auth.audit;

import dev.contentpay.platform.db.Sql;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.money.Money;
import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.util.List;

/** {@link AuditStore} on SQLite or PostgreSQL through Jdbi, table {@code audit_event}. */
public final class JdbiAuditStore implements AuditStore {

    @Override
    public void insert(Handle h, String id, long at, AuditLog.Kind kind, String actor, String subscriberId, String merchantId,
                       String approvalId, Money amount, String detail) {
        Sql.update(h, """
                        INSERT INTO audit_event (id, at, kind, actor, subscriber_id, merchant_id, approval_id, amount, currency, detail)
                        VALUES (:id, :at, :kind, :actor, :subscriber, :merchant, :approval, :amount, :currency, :detail)""")
                .bind("id", id).bind("at", at).bind("kind", kind.name()).bind("actor", actor)
                .bind("subscriber", subscriberId).bind("merchant", merchantId).bind("approval", approvalId)
                .bind("amount", amount == null ? null : amount.amount()).bind("currency", amount == null ? null : amount.currency())
                .bind("detail", detail == null ? null : detail.length() > 500 ? detail.substring(0, 500) : detail)
                .execute();
    }

    @Override
    public long pointsEarned(Handle h, String approvalId) {
        return Sql.query(h, "SELECT COALESCE(SUM(amount), 0) FROM audit_event WHERE approval_id = :a AND kind = 'POINTS_EARNED'")
                .bind("a", approvalId).mapTo(Long.class).one();
    }

    @Override
    public List<AuditLog.Event> query(Handle h, AuditLog.Query q) {
        var sql = new StringBuilder("SELECT id, at, kind, actor, subscriber_id, merchant_id, approval_id, amount, currency, detail FROM audit_event WHERE 1 = 1");
        if (q.subscriberId() != null) sql.append(" AND subscriber_id = :subscriber");
        if (q.kind() != null) sql.append(" AND kind = :kind");
        if (q.from() != null) sql.append(" AND at >= :from");
        if (q.to() != null) sql.append(" AND at < :to");
        if (q.before() != null) sql.append(" AND (at < :beforeAt OR (at = :beforeAt AND id < :before))");
        sql.append(" ORDER BY at DESC, id DESC LIMIT :limit");
        var query = Sql.query(h, sql.toString()).bind("limit", Math.max(1, Math.min(q.limit(), 1000)));
        if (q.before() != null) {
            long beforeAt = Sql.query(h, "SELECT at FROM audit_event WHERE id = :id").bind("id", q.before()).mapTo(Long.class).findOne()
                    .orElseThrow(() -> ContentpayException.invalid("before", "is not the id of an event in the audit log"));
            query.bind("before", q.before()).bind("beforeAt", beforeAt);
        }
        if (q.subscriberId() != null) query.bind("subscriber", q.subscriberId());
        if (q.kind() != null) query.bind("kind", q.kind().name());
        if (q.from() != null) query.bind("from", q.from().toEpochMilli());
        if (q.to() != null) query.bind("to", q.to().toEpochMilli());
        return query.map(rs -> {
            long amount = rs.getLong("amount");
            Money money = rs.wasNull() ? null : Money.of(amount, rs.getString("currency"));
            return new AuditLog.Event(rs.getString("id"), Instant.ofEpochMilli(rs.getLong("at")), AuditLog.Kind.valueOf(rs.getString("kind")),
                    rs.getString("actor"), rs.getString("subscriber_id"), rs.getString("merchant_id"),
                    rs.getString("approval_id"), money, rs.getString("detail"));
        }).list();
    }
}
