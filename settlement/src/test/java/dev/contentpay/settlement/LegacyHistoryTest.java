package dev.contentpay.settlement;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.db.TestDatabases;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database made before each schema had its own migration history (settlement's history in a
 * table named {@code schema_history}) still starts: its history moves to
 * {@code settlement_schema_history}, and no migration runs twice.
 */
class LegacyHistoryTest {

    @TempDir
    Path dir;

    @Test
    void aDatabaseWithTheOldHistoryTableStartsWithItsHistoryAndDataKept() {
        String url = TestDatabases.url(dir, "settlement");
        try (Database old = Database.open("legacy", url, "settlement", 2)) {
            // Put the database back as the earlier code left it: one history table named schema_history.
            old.useTransaction(h -> {
                h.execute("ALTER TABLE settlement_schema_history RENAME TO schema_history");
                h.execute("INSERT INTO refusal (id, order_id, approval_id, code, refused_at) VALUES ('rfs_old', 'ord_old', 'apr_old', 'auth_unavailable', 1)");
            });
        }
        int applied = Flyway.configure().dataSource(url, null, null).table("schema_history").locations("classpath:db/settlement")
                .load().info().applied().length;

        try (Database reopened = Database.open("legacy", url, "settlement", 2)) {
            int kept = reopened.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM refusal WHERE id = 'rfs_old'").mapTo(Integer.class).one());
            assertThat(kept).isEqualTo(1);
            assertThat(Database.flyway(reopened.dataSource(), "settlement").info().applied()).hasSize(applied);
            assertThat(Database.flyway(reopened.dataSource(), "settlement").info().pending()).isEmpty();
        }
        assertThat(TestDatabases.rows(url, TestDatabases.tablesQuery(url))).extracting(row -> row.get(0))
                .contains("settlement_schema_history").doesNotContain("schema_history");
    }
}
