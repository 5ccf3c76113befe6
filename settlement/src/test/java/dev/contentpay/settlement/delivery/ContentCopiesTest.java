package dev.contentpay.settlement.delivery;

import dev.contentpay.platform.crypto.ClientAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Settlement's verified copies: a file per content, named by its hash, written only when the hash is right. */
class ContentCopiesTest {

    static final byte[] CONTENT = "the bytes the catalog hashed".getBytes(StandardCharsets.UTF_8);
    static final String SHA256 = ClientAssertions.sha256Hex(CONTENT);

    @TempDir
    Path folder;
    final AtomicInteger fetches = new AtomicInteger();

    ContentCopies.Source source(byte[] bytes) {
        return out -> {
            fetches.incrementAndGet();
            out.write(bytes);
        };
    }

    @Test
    void aContentIsFetchedOnceAndKeptUnderItsHash() throws IOException {
        var copies = new ContentCopies(folder);

        Path first = copies.verified(SHA256.toUpperCase(), source(CONTENT));
        Path again = copies.verified(SHA256, source(CONTENT));

        assertThat(first).isEqualTo(again).isEqualTo(folder.toAbsolutePath().resolve(SHA256));
        assertThat(Files.readAllBytes(first)).isEqualTo(CONTENT);
        assertThat(fetches).hasValue(1);
        assertThat(files()).containsExactly(SHA256);
    }

    @Test
    void bytesWithAnotherHashAreRefusedAndLeaveNoFileBehind() throws IOException {
        var copies = new ContentCopies(folder);

        assertThatThrownBy(() -> copies.verified(SHA256, source("something else".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(ContentCopies.Mismatch.class);

        assertThat(files()).isEmpty();
    }

    @Test
    void aCopyDamagedWhileTheServerWasDownIsFetchedAgainBeforeItIsServed() throws IOException {
        new ContentCopies(folder).verified(SHA256, source(CONTENT));
        Files.write(folder.resolve(SHA256), "damaged".getBytes(StandardCharsets.UTF_8));

        Path file = new ContentCopies(folder).verified(SHA256, source(CONTENT));

        assertThat(Files.readAllBytes(file)).isEqualTo(CONTENT);
        assertThat(fetches).hasValue(2);
    }

    @Test
    void aGoodCopyFoundOnDiskIsUsedWithoutFetching() {
        new ContentCopies(folder).verified(SHA256, source(CONTENT));

        new ContentCopies(folder).verified(SHA256, source(CONTENT));

        assertThat(fetches).hasValue(1);
    }

    private java.util.List<String> files() throws IOException {
        try (Stream<Path> listed = Files.list(folder)) {
            return listed.map(p -> p.getFileName().toString()).toList();
        }
    }
}
