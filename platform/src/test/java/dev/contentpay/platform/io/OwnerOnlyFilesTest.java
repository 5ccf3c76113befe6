package dev.contentpay.platform.io;

import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.db.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Key files and SQLite database files are owner-only (rw-------), from their creation on (issue 13, item 5). */
class OwnerOnlyFilesTest {

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

    @Test
    void keyFilesAreOwnerOnlyAndAFirstStartDoesNotOverwriteAnother() throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        {
            OwnerOnlyFiles.writeString(keys.resolve("a.key"), "secret");
            OwnerOnlyFiles.createWith(keys.resolve("b.key"), "secret".getBytes());
            KeyFiles.loadOrCreate(keys.resolve("c.jwk"), "c-1");
            assertThat(mode(keys.resolve("a.key"))).isEqualTo("rw-------");
            assertThat(mode(keys.resolve("b.key"))).isEqualTo("rw-------");
            assertThat(mode(keys.resolve("c.jwk"))).isEqualTo("rw-------");
            assertThat(OwnerOnlyFiles.createWith(keys.resolve("b.key"), "other".getBytes())).isFalse();
            assertThat(Files.readString(keys.resolve("b.key"))).isEqualTo("secret");
            try (var names = Files.list(keys)) {
                // No temporary file is left behind.
                assertThat(names.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.key", "b.key", "c.jwk");
            }
        }
    }
}
