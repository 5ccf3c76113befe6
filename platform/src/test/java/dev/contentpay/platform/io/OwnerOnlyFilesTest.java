package dev.contentpay.platform.io;

import dev.contentpay.platform.crypto.KeyFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Key files are owner-only (rw-------), from their creation on (issue 13, item 5); DatabaseFilesTest holds the SQLite files to the same. */
class OwnerOnlyFilesTest {

    @TempDir
    Path dir;

    private static String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
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
