package dev.contentpay.terminal.cli;

import dev.contentpay.client.ContentpayClient;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.Receipt;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The download's progress on standard error: a bar on a terminal, one plain line elsewhere, nothing for a small content. */
class ContentDownloadTest {

    static final long MIB = 1L << 20;
    final StringWriter err = new StringWriter();

    static Receipt receipt(long size) {
        return new Receipt("stl_1", "sakura", "ord_1", "video", "Petal Film", Money.of(300, "JPY"), Instant.EPOCH, "apr_1", "video/mp4",
                size, "ab".repeat(32), "http://127.0.0.1:8082/v1/downloads/stl_1?token=t", Instant.EPOCH, null, 10, null, null, java.util.List.of());
    }

    @Test
    void onATerminalALargeContentGetsABarRedrawnInPlaceAndAFinalLine() {
        var progress = new ContentDownload(new PrintWriter(err), receipt(2 * MIB), true);

        progress.advanced(2 * MIB, 2 * MIB);
        progress.finished(new ContentpayClient.Saved(Path.of("video.mp4"), 2 * MIB, MIB));

        assertThat(err.toString()).isEqualTo("\r[" + "#".repeat(30) + "] 100%  2.0 MiB of 2.0 MiB" + System.lineSeparator()
                + "Downloaded \"Petal Film\": 2.0 MiB (resumed after 1,048,576 bytes)." + System.lineSeparator());
    }

    @Test
    void elsewhereOnlyThePlainFinalLineIsWritten() {
        var progress = new ContentDownload(new PrintWriter(err), receipt(2 * MIB), false);

        progress.advanced(MIB, 2 * MIB);
        progress.finished(new ContentpayClient.Saved(Path.of("video.mp4"), 2 * MIB, 0));

        assertThat(err.toString()).isEqualTo("Downloaded \"Petal Film\": 2.0 MiB." + System.lineSeparator());
    }

    @Test
    void aContentBelowOneMebibyteDownloadsSilently() {
        var progress = new ContentDownload(new PrintWriter(err), receipt(MIB - 1), true);

        progress.advanced(MIB - 1, MIB - 1);
        progress.finished(new ContentpayClient.Saved(Path.of("video.mp4"), MIB - 1, 0));

        assertThat(err.toString()).isEmpty();
    }

    @Test
    void theBarFillsInProportion() {
        assertThat(ContentDownload.line(MIB, 2 * MIB)).isEqualTo("[" + "#".repeat(15) + ".".repeat(15) + "]  50%  1.0 MiB of 2.0 MiB");
        assertThat(ContentDownload.line(0, 0)).startsWith("[" + ".".repeat(30) + "]   0%");
    }
}
