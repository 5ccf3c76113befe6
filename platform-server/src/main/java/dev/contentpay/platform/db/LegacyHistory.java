package dev.contentpay.platform.db;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Databases made before schemas had their own history tables keep a server's migration history in
 * {@code schema_history}. When that table holds this schema's first migration and the schema's own
 * table does not exist yet, it is renamed, so an existing database starts with its history intact
 * instead of being baselined (which would skip every migration on a database that has none).
 */
final class LegacyHistory {

    private static final Logger LOG = LoggerFactory.getLogger(LegacyHistory.class);
    static final String LEGACY_TABLE = "schema_history";

    private LegacyHistory() {
    }

    static void adopt(DataSource dataSource, String schema, String historyTable) {
        try (Connection c = dataSource.getConnection()) {
            if (!exists(c, LEGACY_TABLE) || exists(c, historyTable) || !holdsFirstMigrationOf(c, schema)) return;
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(true);
            try (var st = c.createStatement()) {
                st.executeUpdate("ALTER TABLE " + LEGACY_TABLE + " RENAME TO " + historyTable);
            } finally {
                c.setAutoCommit(autoCommit);
            }
            LOG.info("the migration history of {} moved from {} to {}", schema, LEGACY_TABLE, historyTable);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot adopt the migration history of " + schema + ": " + e.getMessage(), e);
        }
    }

    /** Where the history of {@code schema} is now: the legacy table when it still holds it, else {@code historyTable}. */
    static String current(DataSource dataSource, String schema, String historyTable) {
        try (Connection c = dataSource.getConnection()) {
            boolean legacy = exists(c, LEGACY_TABLE) && !exists(c, historyTable) && holdsFirstMigrationOf(c, schema);
            return legacy ? LEGACY_TABLE : historyTable;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the migration history of " + schema + ": " + e.getMessage(), e);
        }
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        String schema = c.getSchema();
        for (String name : new String[]{table, table.toUpperCase(java.util.Locale.ROOT)}) {
            try (var rs = c.getMetaData().getTables(null, schema, name, new String[]{"TABLE"})) {
                if (rs.next()) return true;
            }
        }
        return false;
    }

    private static boolean holdsFirstMigrationOf(Connection c, String schema) throws SQLException {
        try (var st = c.prepareStatement("SELECT COUNT(*) FROM " + LEGACY_TABLE + " WHERE version = '1' AND script = ?")) {
            st.setString(1, "V1__" + schema + ".sql");
            try (var rs = st.executeQuery()) {
                return rs.next() && rs.getInt(1) > 0;
            }
        }
    }
}
