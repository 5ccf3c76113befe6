package dev.contentpay.settlement;

import dev.contentpay.protocol.Receipt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A shop that sends a content's headers and half its bytes, then says nothing more: settlement's
 * first fetch of the content gives up after {@code shop.content-idle-timeout} of silence instead of
 * holding the download for ever, answers it {@code shop_unavailable} (retryable), keeps no part of
 * the bytes, and delivers the purchase once the shop answers whole again.
 */
class StalledContentTest {

    @TempDir
    Path dir;
    Harness harness;
    Receipt receipt;

    @BeforeEach
    void start() {
        // The wait for the answer to begin is long: the silence mid-body alone must end the fetch.
        harness = Harness.start(dir, Map.of("shop.timeout", "20s", "shop.content-idle-timeout", "1s"));
        receipt = harness.settle(harness.sale());
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void aShopThatStallsMidBodyIsGivenUpOnAndThePurchaseIsDeliveredOnceItAnswersWhole() throws IOException {
        harness.shop.stallMidContent = true;

        long started = System.nanoTime();
        var stalled = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> harness.get(receipt.downloadUrl()));
        Duration waited = Duration.ofNanos(System.nanoTime() - started);

        assertThat(stalled.statusCode()).isEqualTo(503);
        assertThat(new String(stalled.body(), StandardCharsets.UTF_8)).contains("shop_unavailable", "\"retryable\":true");
        assertThat(new String(stalled.body(), StandardCharsets.UTF_8)).contains("sent nothing for 1 s during the transfer");
        assertThat(waited).as("given up after a second's silence, not shop.timeout nor the whole stall")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1)).isLessThan(Duration.ofSeconds(10));
        assertThat(copies()).as("no part of the stalled bytes is kept").isEmpty();

        harness.shop.stallMidContent = false;
        var delivered = harness.get(receipt.downloadUrl());

        assertThat(delivered.statusCode()).isEqualTo(200);
        assertThat(delivered.body()).isEqualTo(harness.shop.contentBytes());
        assertThat(copies()).containsExactly(harness.shop.contentSha256());
    }

    private java.util.List<String> copies() throws IOException {
        Path folder = harness.config().contentFolder();
        if (!Files.isDirectory(folder)) return java.util.List.of();
        try (Stream<Path> listed = Files.list(folder)) {
            return listed.map(p -> p.getFileName().toString()).toList();
        }
    }
}
