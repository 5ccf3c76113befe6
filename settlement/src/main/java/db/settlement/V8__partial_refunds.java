package db.settlement;

import dev.contentpay.platform.db.DialectMigration;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * Partial and repeated refunds. A settlement keeps what has been refunded of it
 * ({@code settlement.refunded}, never above its amount), and a refund is no longer one per
 * settlement: each is its own row, with {@code refunded_total}, the settlement's refunded amount
 * once it was made. Refunds made before were whole, so their total is their amount.
 *
 * <p>A Java migration because the two dialects differ: SQLite cannot drop a UNIQUE constraint, so
 * there {@code refund} is copied into a new table and its append-only guards installed again;
 * PostgreSQL drops the constraint and, with the guard held off for the one statement, fills the
 * new column.
 */
public class V8__partial_refunds extends DialectMigration {

    private static final String BY_SETTLEMENT = "CREATE INDEX refund_settlement ON refund (settlement_id)";
    private static final String SETTLEMENT_REFUNDED = "UPDATE settlement SET refunded = amount WHERE id IN (SELECT settlement_id FROM refund)";

    @Override
    protected void sqlite(Statement statement) throws SQLException {
        statement.execute("ALTER TABLE settlement ADD COLUMN refunded BIGINT NOT NULL DEFAULT 0 CHECK (refunded >= 0 AND refunded <= amount)");
        statement.execute(SETTLEMENT_REFUNDED);
        statement.execute("CREATE TABLE refund_next ("
                + "id VARCHAR(64) NOT NULL PRIMARY KEY, settlement_id VARCHAR(64) NOT NULL REFERENCES settlement (id), "
                + "allowance_id VARCHAR(128) NOT NULL, amount BIGINT NOT NULL CHECK (amount > 0), currency VARCHAR(3) NOT NULL, "
                + "reason VARCHAR(200), refunded_at BIGINT NOT NULL, refunded_total BIGINT NOT NULL, CHECK (refunded_total >= amount))");
        statement.execute("INSERT INTO refund_next (id, settlement_id, allowance_id, amount, currency, reason, refunded_at, refunded_total) "
                + "SELECT id, settlement_id, allowance_id, amount, currency, reason, refunded_at, amount FROM refund");
        statement.execute("DROP TABLE refund");
        statement.execute("ALTER TABLE refund_next RENAME TO refund");
        statement.execute("CREATE INDEX refund_refunded_at ON refund (refunded_at)");
        statement.execute(BY_SETTLEMENT);
        V3__append_only_records.sqliteGuards(statement, "refund");
    }

    @Override
    protected void postgres(Statement statement) throws SQLException {
        statement.execute("ALTER TABLE settlement ADD COLUMN refunded BIGINT NOT NULL DEFAULT 0");
        statement.execute("ALTER TABLE settlement ADD CONSTRAINT settlement_refunded_within CHECK (refunded >= 0 AND refunded <= amount)");
        statement.execute(SETTLEMENT_REFUNDED);
        statement.execute("ALTER TABLE refund DROP CONSTRAINT refund_settlement_id_key");
        statement.execute("ALTER TABLE refund ADD COLUMN refunded_total BIGINT");
        statement.execute("ALTER TABLE refund DISABLE TRIGGER refund_append_only");
        statement.execute("UPDATE refund SET refunded_total = amount");
        statement.execute("ALTER TABLE refund ENABLE TRIGGER refund_append_only");
        statement.execute("ALTER TABLE refund ALTER COLUMN refunded_total SET NOT NULL");
        statement.execute("ALTER TABLE refund ADD CONSTRAINT refund_total_covers_amount CHECK (refunded_total >= amount)");
        statement.execute(BY_SETTLEMENT);
    }
}
