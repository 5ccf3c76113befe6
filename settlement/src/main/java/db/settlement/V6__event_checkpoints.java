package db.settlement;

import dev.contentpay.platform.db.DialectMigration;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * Events are no longer signed one by one: each new event carries its claims ({@code payload}) and
 * the hash chain's value after it ({@code chain}), and {@code event_checkpoint} holds signed
 * statements of the chain's value at a sequence number. Events signed before keep their
 * {@code jws}; a row holds one or the other. SQLite cannot drop a NOT NULL, so there the table is
 * copied into a new one and its append-only guards are installed again; PostgreSQL alters it.
 */
public class V6__event_checkpoints extends DialectMigration {

    private static final String CHECKPOINTS = "CREATE TABLE event_checkpoint ("
            + "seq BIGINT NOT NULL PRIMARY KEY, chain VARCHAR(64) NOT NULL, jws TEXT NOT NULL, signed_at BIGINT NOT NULL)";

    @Override
    protected void sqlite(Statement statement) throws SQLException {
        statement.execute("CREATE TABLE event_next ("
                + "seq BIGINT NOT NULL PRIMARY KEY, id VARCHAR(64) NOT NULL UNIQUE, type VARCHAR(32) NOT NULL, "
                + "subject VARCHAR(128) NOT NULL, occurred_at BIGINT NOT NULL, data TEXT NOT NULL, "
                + "jws TEXT, payload TEXT, chain VARCHAR(64), CHECK (jws IS NOT NULL OR (payload IS NOT NULL AND chain IS NOT NULL)))");
        statement.execute("INSERT INTO event_next (seq, id, type, subject, occurred_at, data, jws) "
                + "SELECT seq, id, type, subject, occurred_at, data, jws FROM event");
        statement.execute("DROP TABLE event");
        statement.execute("ALTER TABLE event_next RENAME TO event");
        statement.execute("CREATE INDEX event_occurred_at ON event (occurred_at)");
        statement.execute(CHECKPOINTS);
        for (String table : new String[]{"event", "event_checkpoint"}) V3__append_only_records.sqliteGuards(statement, table);
    }

    @Override
    protected void postgres(Statement statement) throws SQLException {
        statement.execute("ALTER TABLE event ALTER COLUMN jws DROP NOT NULL");
        statement.execute("ALTER TABLE event ADD COLUMN payload TEXT");
        statement.execute("ALTER TABLE event ADD COLUMN chain VARCHAR(64)");
        statement.execute("ALTER TABLE event ADD CONSTRAINT event_signed_or_chained "
                + "CHECK (jws IS NOT NULL OR (payload IS NOT NULL AND chain IS NOT NULL))");
        statement.execute(CHECKPOINTS);
        V3__append_only_records.postgresGuard(statement, "event_checkpoint");
    }
}
