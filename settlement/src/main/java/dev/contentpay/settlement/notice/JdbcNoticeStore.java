package dev.contentpay.settlement.notice;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.money.Money;
import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.util.List;

/** {@link NoticeStore} on SQLite or PostgreSQL through Jdbi. */
public final class JdbcNoticeStore implements NoticeStore {

    private final Database db;

    public JdbcNoticeStore(Database db) {
        this.db = db;
    }

    /**
     * Puts a notice in the outbox inside the caller's transaction, the one that records the
     * settlement: that is what makes "settled" and "will be notified" the same fact.
     */
    public static void enqueue(Handle h, String allowanceId, String settlementId, Money amount, Instant settledAt) {
        h.createUpdate("INSERT INTO notice_outbox (allowance_id, settlement_id, amount, currency, settled_at, status, "
                        + "attempts, next_attempt_at) VALUES (:allowance, :settlement, :amount, :currency, :settledAt, "
                        + "'PENDING', 0, :settledAt)")
                .bind("allowance", allowanceId).bind("settlement", settlementId)
                .bind("amount", amount.amount()).bind("currency", amount.currency())
                .bind("settledAt", settledAt.toEpochMilli())
                .execute();
    }

    @Override
    public List<OutboxNotice> due(Instant now, int limit) {
        return db.withHandle(h -> h.createQuery("SELECT allowance_id, settlement_id, amount, currency, settled_at, attempts "
                        + "FROM notice_outbox WHERE status = 'PENDING' AND next_attempt_at <= :now "
                        + "ORDER BY next_attempt_at LIMIT :limit")
                .bind("now", now.toEpochMilli()).bind("limit", limit)
                .map((rs, ctx) -> new OutboxNotice(rs.getString(1), rs.getString(2), Money.of(rs.getLong(3), rs.getString(4)),
                        Instant.ofEpochMilli(rs.getLong(5)), rs.getInt(6)))
                .list());
    }

    @Override
    public void markSent(String allowanceId, int attempts, Instant at) {
        db.useTransaction(h -> h.createUpdate("UPDATE notice_outbox SET status = 'SENT', attempts = :attempts, sent_at = :at, "
                        + "last_error = NULL WHERE allowance_id = :allowance AND status = 'PENDING'")
                .bind("attempts", attempts).bind("at", at.toEpochMilli()).bind("allowance", allowanceId)
                .execute());
    }

    @Override
    public void reschedule(String allowanceId, int attempts, Instant nextAttemptAt, String errorCode) {
        db.useTransaction(h -> h.createUpdate("UPDATE notice_outbox SET attempts = :attempts, next_attempt_at = :next, "
                        + "last_error = :error WHERE allowance_id = :allowance AND status = 'PENDING'")
                .bind("attempts", attempts).bind("next", nextAttemptAt.toEpochMilli()).bind("error", errorCode)
                .bind("allowance", allowanceId)
                .execute());
    }

    @Override
    public void markDead(String allowanceId, int attempts, String errorCode) {
        db.useTransaction(h -> h.createUpdate("UPDATE notice_outbox SET status = 'DEAD', attempts = :attempts, "
                        + "last_error = :error WHERE allowance_id = :allowance AND status = 'PENDING'")
                .bind("attempts", attempts).bind("error", errorCode).bind("allowance", allowanceId)
                .execute());
    }

    @Override
    public int pending() {
        return db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM notice_outbox WHERE status = 'PENDING'")
                .mapTo(Integer.class).one());
    }
}
