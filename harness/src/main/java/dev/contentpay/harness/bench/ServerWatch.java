package dev.contentpay.harness.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the bench can see of the servers from outside, once a second: settlement's outbox (how many
 * payment notices are owed to auth and how old the oldest is, from its Prometheus meters), which is
 * how far behind the notices run; and the resident memory of a process, read from {@code /proc}.
 */
final class ServerWatch {

    static final String PENDING = "contentpay_outbox_pending";
    static final String OLDEST = "contentpay_outbox_oldest_pending_seconds";

    /** One look: notices pending (-1 when unknown), the oldest one's age in seconds, resident bytes (-1 when unknown). */
    record Sample(long pending, double oldestSeconds, long rssBytes) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final URI settlementMetrics;
    private final Path procStatus;
    private long maxPending;
    private double maxOldest;
    private long maxRss = -1;

    /** {@code settlement} may be null (no outbox to watch); {@code pid} null means no memory to watch. */
    ServerWatch(URI settlement, Long pid) {
        // Only the two meters watched: rendering every meter each second would weigh on what is measured.
        this.settlementMetrics = settlement == null ? null : settlement.resolve("/metrics?name%5B%5D=" + PENDING + "&name%5B%5D=" + OLDEST);
        this.procStatus = pid == null ? null : Path.of("/proc", pid.toString(), "status");
    }

    synchronized Sample sample() {
        long pending = -1;
        double oldest = 0;
        if (settlementMetrics != null) {
            String text = metrics();
            if (text != null) {
                pending = (long) value(text, PENDING);
                oldest = value(text, OLDEST);
                maxPending = Math.max(maxPending, pending);
                maxOldest = Math.max(maxOldest, oldest);
            }
        }
        long rss = rss();
        maxRss = Math.max(maxRss, rss);
        return new Sample(pending, oldest, rss);
    }

    synchronized long maxPending() {
        return maxPending;
    }

    synchronized double maxOldestSeconds() {
        return maxOldest;
    }

    synchronized long maxRssBytes() {
        return maxRss;
    }

    boolean watchesNotices() {
        return settlementMetrics != null;
    }

    /**
     * Waits until no payment notice is pending, up to {@code limit}; returns how long that took,
     * or null when they were still pending at the limit (or cannot be seen).
     */
    Duration awaitNoticesSent(Duration limit) throws InterruptedException {
        if (settlementMetrics == null) return null;
        long start = System.nanoTime();
        while (System.nanoTime() - start < limit.toNanos()) {
            Sample s = sample();
            if (s.pending() == 0) return Duration.ofNanos(System.nanoTime() - start);
            if (s.pending() < 0) return null;
            Thread.sleep(100);
        }
        return null;
    }

    private String metrics() {
        try {
            var response = HTTP.send(HttpRequest.newBuilder(settlementMetrics).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The value of the first sample of {@code name} in Prometheus text (labels or not); 0 when absent. */
    static double value(String prometheusText, String name) {
        for (String line : prometheusText.split("\n")) {
            if (!line.startsWith(name)) continue;
            char next = line.length() > name.length() ? line.charAt(name.length()) : ' ';
            if (next != '{' && next != ' ') continue;
            try {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    /** VmRSS of the watched process in bytes, or -1. */
    private long rss() {
        if (procStatus == null) return -1;
        try {
            for (String line : Files.readAllLines(procStatus)) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux, or the process has ended: memory is simply not reported.
        }
        return -1;
    }
}
