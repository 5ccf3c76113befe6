package dev.contentpay.platform.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** SQLite database files are owner-only (rw-------), from their creation on (issue 13, item 5). */
class DatabaseFilesTest {

    @TempDir
    Path dir;

    private static String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    @Test
    void sqliteDatabaseFilesAndTheirCompanionsAreOwnerOnly() throws Exception {
        Path file = dir.resolve("data/shop.db");
        try (var db = Database.open("perm-test", "jdbc:sqlite:" + file, List.of(), 2)) {
            db.useTransaction(h -> h.execute("CREATE TABLE t (v INTEGER)"));
            db.useTransaction(h -> h.execute("INSERT INTO t VALUES (1)"));
            assertThat(mode(file)).isEqualTo("rw-------");
            for (String suffix : List.of("-wal", "-shm")) {
                Path companion = dir.resolve("data/shop.db" + suffix);
                if (Files.exists(companion)) assertThat(mode(companion)).as(suffix).isEqualTo("rw-------");
            }
        }
    }
}
