package dev.contentpay.terminal.cli;

import dev.contentpay.client.ContentpayClient;
import dev.contentpay.protocol.Receipt;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How the terminal's commands save a bought content: streamed into {@code <item>.<ext>.part} in the
 * chosen folder and moved to {@code <item>.<ext>} once its hash is the receipt's; a part left by a
 * download that was cut off is resumed, unless told to start again. For a content larger than
 * {@link #BAR_FROM} a progress bar is drawn on standard error when it is a terminal; otherwise (a
 * script, a CI log) one plain line says what arrived, at the end.
 */
final class ContentDownload implements ContentpayClient.Progress {

    /** Contents from this size on get a progress bar (or its final line). */
    static final long BAR_FROM = 1L << 20;
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean shown;
    private final boolean bar;
    private final String title;
    private long drawnAt;

    ContentDownload(PrintWriter err, Receipt r, boolean bar) {
        this.err = err;
        this.shown = r.size() >= BAR_FROM;
        this.bar = bar;
        this.title = r.title();
    }

    /**
     * Downloads {@code r}'s content into {@code folder} with {@code proof} (null: the receipt's link
     * alone), resuming a part when {@code resume}; progress on {@code err}.
     */
    static ContentpayClient.Saved save(ContentpayClient client, Receipt r, String proof, Path folder, boolean resume, PrintWriter err) {
        var progress = new ContentDownload(err, r, interactive());
        try {
            ContentpayClient.Saved saved = client.download(r, proof, ReceiptFiles.contentFile(folder, r), resume, progress);
            progress.finished(saved);
            return saved;
        } catch (RuntimeException e) {
            // The refusal is said on a line of its own, not after a half-drawn bar.
            if (progress.drawnAt != 0) err.println();
            throw e;
        }
    }

    /**
     * Whether a person watches: the JDK's console exists only when the terminal is interactive
     * (standard input and output attached to it), and a dumb terminal or CI cannot redraw a line.
     */
    static boolean interactive() {
        String term = System.getenv("TERM");
        return System.console() != null && System.getenv("CI") == null && !"dumb".equals(term);
    }

    @Override
    public void advanced(long done, long total) {
        if (!shown || !bar) return;
        long now = System.nanoTime();
        if (done < total && now - drawnAt < REDRAW_NANOS) return;
        drawnAt = now;
        err.print("\r" + line(done, total));
        err.flush();
    }

    /** The bar as drawn: {@code [#######.......]  45%  28.8 MiB of 64.0 MiB}. */
    static String line(long done, long total) {
        int percent = total <= 0 ? 0 : (int) Math.min(100, done * 100 / total);
        int filled = percent * WIDTH / 100;
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + String.format(Locale.ROOT, "%3d%%  %s of %s",
                percent, mebibytes(done), mebibytes(total));
    }

    void finished(ContentpayClient.Saved saved) {
        if (!shown) return;
        if (bar) err.println();
        String resumed = saved.resumedFrom() > 0 ? String.format(Locale.ROOT, " (resumed after %,d bytes)", saved.resumedFrom()) : "";
        err.println("Downloaded \"" + title + "\": " + mebibytes(saved.size()) + resumed + ".");
        err.flush();
    }

    static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
