package dev.contentpay.settlement.webhook;

import dev.contentpay.platform.db.Database;
import dev.contentpay.protocol.IssuerEvent;
import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.util.Optional;

/** {@link IssuerEventStore} on SQLite or PostgreSQL through Jdbi. */
public final class JdbiIssuerEventStore implements IssuerEventStore {

    private final Database db;

    public JdbiIssuerEventStore(Database db) {
        this.db = db;
    }

    @Override
    public boolean record(Handle h, IssuerEvent e, String matched, Instant receivedAt) {
        return h.createUpdate("""
                        INSERT INTO issuer_event (event_id, type, approval_id, allowance_id, settlement_id, refund_id, amount, currency,
                            occurred_at, received_at, matched)
                        VALUES (:id, :type, :approval, :allowance, :settlement, :refund, :amount, :currency, :occurred, :received, :matched)
                        ON CONFLICT (event_id) DO NOTHING""")
                .bind("id", e.id()).bind("type", e.type()).bind("approval", e.approvalId()).bind("allowance", e.allowanceId())
                .bind("settlement", e.settlementId()).bind("refund", e.refundId())
                .bind("amount", e.amount() == null ? null : e.amount().amount()).bind("currency", e.amount() == null ? null : e.amount().currency())
                .bind("occurred", e.occurredAt().toEpochMilli()).bind("received", receivedAt.toEpochMilli()).bind("matched", matched)
                .execute() == 1;
    }

    @Override
    public Optional<Applied> find(String eventId) {
        return db.withHandle(h -> h.createQuery("SELECT event_id, type, approval_id, matched, received_at FROM issuer_event WHERE event_id = :id")
                .bind("id", eventId)
                .map((rs, ctx) -> new Applied(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), Instant.ofEpochMilli(rs.getLong(5))))
                .findOne());
    }
}
