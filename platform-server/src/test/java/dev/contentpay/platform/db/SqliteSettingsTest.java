package dev.contentpay.platform.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the pool's SQLite connections are opened with: the write-ahead log, every commit synced
 * (durability), and savepoint journals kept in memory instead of in a temporary file that each
 * transaction of a group commit opened, wrote and deleted again.
 */
class SqliteSettingsTest {

    @TempDir
    Path dir;

    @Test
    void connectionsAreDurableAndKeepTheirTemporaryJournalsInMemory() {
        try (var db = Database.open("settings-test", Database.sqliteUrl(dir, "settings"), List.of(), 3)) {
            db.withHandle(h -> {
                assertThat(h.createQuery("PRAGMA journal_mode").mapTo(String.class).one()).isEqualToIgnoringCase("wal");
                assertThat(h.createQuery("PRAGMA synchronous").mapTo(Integer.class).one()).as("FULL").isEqualTo(2);
                assertThat(h.createQuery("PRAGMA temp_store").mapTo(Integer.class).one()).as("MEMORY").isEqualTo(2);
                return null;
            });
        }
    }
}
