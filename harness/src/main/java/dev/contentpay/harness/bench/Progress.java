package dev.contentpay.harness.bench;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * The line printed every second while the load runs: that second's purchases and latency, the
 * refusals, the purchases under way, the payment notices still owed and the memory watched. Its
 * thread is also the one that moves each second's measurements into the totals.
 */
final class Progress {

    private final Measurements measurements;
    private final LoadGenerator generator;
    private final ServerWatch watch;
    private final PrintWriter out;
    private volatile boolean running;
    private Thread thread;

    Progress(Measurements measurements, LoadGenerator generator, ServerWatch watch, PrintWriter out) {
        this.measurements = measurements;
        this.generator = generator;
        this.watch = watch;
        this.out = out;
    }

    void start(long startNanos, long measureFromNanos) {
        running = true;
        thread = Thread.ofPlatform().daemon().name("bench-progress").start(() -> {
            for (int second = 1; running; second++) {
                long tick = startNanos + second * 1_000_000_000L;
                while (running && System.nanoTime() < tick) LockSupport.parkNanos(tick - System.nanoTime());
                if (!running) return;
                boolean measured = tick - 1_000_000_000L >= measureFromNanos;
                print(second, measured, measurements.interval(), watch.sample());
            }
        });
    }

    void stop() throws InterruptedException {
        running = false;
        LockSupport.unpark(thread);
        thread.join();
    }

    private void print(int second, boolean measured, Measurements.Interval i, ServerWatch.Sample s) {
        var line = new StringBuilder(String.format(Locale.ROOT, "%4d s %-8s %,8d purchases/s", second, measured ? "" : "warm-up", i.completed()));
        if (i.completed() > 0) {
            line.append(String.format(Locale.ROOT, "  p50 %7.1f ms  p99 %7.1f ms", i.total().getValueAtPercentile(50) / 1000.0,
                    i.total().getValueAtPercentile(99) / 1000.0));
        }
        line.append(String.format(Locale.ROOT, "  failed %,d  in flight %,d", i.failed(), generator.inFlight()));
        if (s.pending() >= 0) line.append(String.format(Locale.ROOT, "  notices pending %,d", s.pending()));
        if (s.rssBytes() >= 0) line.append(String.format(Locale.ROOT, "  rss %,d MiB", s.rssBytes() >> 20));
        if (!i.errors().isEmpty()) line.append("  ").append(i.errors());
        out.println(line);
        out.flush();
    }
}
