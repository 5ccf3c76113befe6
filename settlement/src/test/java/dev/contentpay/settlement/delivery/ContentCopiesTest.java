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

    @Test
    void aSmallContentIsHeldInMemoryOnceVerifiedAndServedFromThere() throws IOException {
        var copies = new ContentCopies(folder);

        ContentCopies.Copy first = copies.copy(SHA256, source(CONTENT));
        // Damaged on disk after it was held: what is served is still the verified bytes.
        Files.write(folder.resolve(SHA256), "damaged".getBytes(StandardCharsets.UTF_8));
        ContentCopies.Copy again = copies.copy(SHA256.toUpperCase(), source(CONTENT));

        assertThat(bytes(first)).isEqualTo(CONTENT);
        assertThat(first.size()).isEqualTo(CONTENT.length);
        assertThat(bytes(again)).isEqualTo(CONTENT);
        assertThat(fetches).hasValue(1);
    }

    @Test
    void aLargeContentIsServedFromItsFileAlone() throws IOException {
        byte[] large = new byte[ContentCopies.HELD_AT_MOST + 1];
        new java.util.Random(7).nextBytes(large);
        var copies = new ContentCopies(folder);

        ContentCopies.Copy copy = copies.copy(ClientAssertions.sha256Hex(large), source(large));

        assertThat(copy.bytes()).isNull();
        assertThat(copy.size()).isEqualTo(large.length);
        assertThat(Files.readAllBytes(copy.file())).isEqualTo(large);
    }

    @Test
    void aCopyThatDoesNotHashRightWhenReadInIsNotHeld() throws IOException {
        var copies = new ContentCopies(folder);
        copies.verified(SHA256, source(CONTENT));
        Files.write(folder.resolve(SHA256), "damaged after it was checked".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> copies.copy(SHA256, source(CONTENT))).isInstanceOf(java.io.UncheckedIOException.class);
        // Checked again from the start on the next call: fetched afresh, then held.
        ContentCopies.Copy copy = copies.copy(SHA256, source(CONTENT));

        assertThat(bytes(copy)).isEqualTo(CONTENT);
        assertThat(fetches).hasValue(2);
    }

    private static byte[] bytes(ContentCopies.Copy copy) {
        var view = copy.bytes().duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }

    private java.util.List<String> files() throws IOException {
        try (Stream<Path> listed = Files.list(folder)) {
            return listed.map(p -> p.getFileName().toString()).toList();
        }
    }
}
