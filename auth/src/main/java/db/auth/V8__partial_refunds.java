package db.auth;

import dev.contentpay.platform.db.DialectMigration;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * Partial and repeated refunds. An approval keeps how much of its charge has been refunded
 * ({@code approval.refunded}, never above its amount; it stays CHARGED until that reaches the
 * amount, then is REFUNDED), and member use information may hold several refunds of one approval,
 * each with the points it took back: an entry without a refund id (a charge, a void, the points a
 * charge earned) is still one per approval and kind, and an entry of a refund is one per merchant,
 * refund id and kind, which is what applies each refund once.
 *
 * <p>A Java migration because SQLite cannot drop a UNIQUE constraint: there {@code use_entry} is
 * copied into a new table; PostgreSQL drops the constraint.
 */
public class V8__partial_refunds extends DialectMigration {

    private static final String APPROVAL_REFUNDED = "UPDATE approval SET refunded = amount WHERE status = 'REFUNDED'";
    private static final String ONCE_PER_APPROVAL =
            "CREATE UNIQUE INDEX use_entry_once ON use_entry (approval_id, kind) WHERE refund_id IS NULL";
    private static final String ONCE_PER_REFUND =
            "CREATE UNIQUE INDEX use_entry_once_per_refund ON use_entry (merchant_id, refund_id, kind) WHERE refund_id IS NOT NULL";

    @Override
    protected void sqlite(Statement statement) throws SQLException {
        statement.execute("ALTER TABLE approval ADD COLUMN refunded BIGINT NOT NULL DEFAULT 0 CHECK (refunded >= 0 AND refunded <= amount)");
        statement.execute(APPROVAL_REFUNDED);
        String columns = "id, subscriber_id, approval_id, merchant_id, kind, amount, currency, period, settlement_id, recorded_at, "
                + "occurred_at, refund_id";
        statement.execute("CREATE TABLE use_entry_next ("
                + "id VARCHAR(64) PRIMARY KEY, subscriber_id VARCHAR(64) NOT NULL REFERENCES subscriber (id), "
                + "approval_id VARCHAR(64) NOT NULL REFERENCES approval (id), merchant_id VARCHAR(64) NOT NULL, "
                + "kind VARCHAR(16) NOT NULL, amount BIGINT NOT NULL, currency VARCHAR(3) NOT NULL, period VARCHAR(16) NOT NULL, "
                + "settlement_id VARCHAR(64), recorded_at BIGINT NOT NULL, occurred_at BIGINT, refund_id VARCHAR(64))");
        statement.execute("INSERT INTO use_entry_next (" + columns + ") SELECT " + columns + " FROM use_entry");
        statement.execute("DROP TABLE use_entry");
        statement.execute("ALTER TABLE use_entry_next RENAME TO use_entry");
        statement.execute("CREATE INDEX use_entry_merchant_day ON use_entry (merchant_id, occurred_at)");
        statement.execute("CREATE INDEX use_entry_subscriber ON use_entry (subscriber_id, recorded_at)");
        statement.execute(ONCE_PER_APPROVAL);
        statement.execute(ONCE_PER_REFUND);
    }

    @Override
    protected void postgres(Statement statement) throws SQLException {
        statement.execute("ALTER TABLE approval ADD COLUMN refunded BIGINT NOT NULL DEFAULT 0");
        statement.execute("ALTER TABLE approval ADD CONSTRAINT approval_refunded_within CHECK (refunded >= 0 AND refunded <= amount)");
        statement.execute(APPROVAL_REFUNDED);
        statement.execute("ALTER TABLE use_entry DROP CONSTRAINT use_entry_approval_id_kind_key");
        statement.execute(ONCE_PER_APPROVAL);
        statement.execute(ONCE_PER_REFUND);
    }
}
