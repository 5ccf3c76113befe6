package dev.contentpay.harness.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.HdrHistogram.Histogram;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The summary of one run: throughput, refusals by code, latency percentiles of the whole purchase
 * and of each step (milliseconds), how far behind the payment notices ran, memory, CPU (with the
 * JIT compiler's and the garbage collectors' share), and, for password purchases, the raw Argon2id
 * rate they are bounded by. {@code database} is what the servers of a {@code --self} run kept their
 * data in ("sqlite" or "postgres"; absent against a running deployment). Printed as text or as JSON.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record BenchReport(String mode, String credentials, String item, String database, Integer buyers, Double rate, double warmupSeconds,
                   double seconds, long purchases, double purchasesPerSecond, long failed, Map<String, Long> errors,
                   Latency latency, Latency serviceTime, Map<String, Latency> steps, Notices notices, Memory memory,
                   Hashing passwordHashing, Cpu cpu, Commits commits) {

    /** Percentiles in milliseconds. */
    record Latency(long count, double p50, double p90, double p99, double p999, double max, double mean) {
        static Latency of(Histogram h) {
            return new Latency(h.getTotalCount(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)),
                    ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()), ms(h.getMean()));
        }

        private static double ms(double micros) {
            return Math.round(micros / 10.0) / 100.0;
        }
    }

    /** Settlement's outbox of payment notices: the most pending at once, the oldest one's age, and how long it took to empty after the load. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Notices(long maxPending, double maxOldestSeconds, Double drainedAfterSeconds) {
    }

    /** The most resident memory seen in {@code process}. */
    record Memory(String process, long pid, long maxRssBytes) {
    }

    /** The raw Argon2id rate at the cost the purchases paid, and the share of it the purchases reached. */
    record Hashing(int memoryKiB, int iterations, int threads, double hashesPerSecond, double purchasesPerHash) {
    }

    /**
     * The CPU this process used per completed purchase while measuring, and how busy it kept the
     * cores: with {@code --self}, the whole system's cost of a purchase, which a busy machine
     * changes far less than throughput (time waiting for a core is not counted); on PostgreSQL,
     * with the database server's processes on this machine too ({@code databaseServerMillisPerPurchase},
     * their part, read from /proc). Over the same
     * window and purchases: the JIT compiler's compilation time and the garbage collectors'
     * collection time (both elapsed time as the JVM accounts it, not CPU time, and absent when the
     * JVM keeps no such count): a large JIT share says the warm-up was too short to measure the
     * compiled code. On Linux also the CPU time of the JIT compiler's threads themselves, and the
     * CPU a purchase without it: the figure a busy machine's slower warm-up moves least.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Cpu(String process, int cores, double millisPerPurchase, double coresBusy, Double jitMillisPerPurchase, Double gcMillisPerPurchase,
               Double databaseServerMillisPerPurchase, Double compilerCpuMillisPerPurchase, Double millisPerPurchaseWithoutCompiler) {
    }

    /**
     * SQLite's group commit while measuring: commits (each one sync to disk) and transactions
     * asked for, a purchase, the statements they ran a purchase (every database, background work
     * included), commits a second in all, and commits a purchase by database.
     */
    record Commits(double perPurchase, double transactionsPerPurchase, double statementsPerPurchase, double perSecond,
                   Map<String, Double> perPurchaseByDatabase) {
    }

    static Map<String, Latency> steps(Map<Measurements.Step, Histogram> histograms) {
        var steps = new LinkedHashMap<String, Latency>();
        histograms.forEach((s, h) -> steps.put(s.label, Latency.of(h)));
        return steps;
    }

    void print(PrintWriter out) {
        String how = rate != null ? String.format(Locale.ROOT, "open loop at %,.0f purchases/s", rate)
                : "closed loop with " + buyers + " buyers";
        out.printf(Locale.ROOT, "contentpay bench: %s, %s, item %s%s, %.0f s measured after %.0f s of warm-up%n",
                how, credentials, item, database == null ? "" : "postgres".equals(database) ? ", on PostgreSQL" : ", on SQLite", seconds, warmupSeconds);
        out.printf(Locale.ROOT, "  purchases   %,d completed, %,d failed: %,.1f purchases/s%n", purchases, failed, purchasesPerSecond);
        out.printf(Locale.ROOT, "  latency     %s%s%n", line(latency), rate != null ? "   (from the scheduled start)" : "");
        if (serviceTime != null) out.printf(Locale.ROOT, "  service     %s   (from the actual start)%n", line(serviceTime));
        for (var s : Measurements.Step.values()) {
            Latency l = steps.get(s.label);
            if (l != null) out.printf(Locale.ROOT, "  %-10s  %s   %s%n", s.label, line(l), s.about);
        }
        if (notices != null) {
            out.printf(Locale.ROOT, "  notices     at most %,d pending, the oldest %.1f s old; %s%n", notices.maxPending(), notices.maxOldestSeconds(),
                    notices.drainedAfterSeconds() == null ? "still pending when the bench stopped waiting"
                            : String.format(Locale.ROOT, "all sent %.1f s after the load", notices.drainedAfterSeconds()));
        }
        if (memory != null) {
            out.printf(Locale.ROOT, "  memory      at most %,d MiB resident (%s, pid %d)%n", memory.maxRssBytes() >> 20, memory.process(), memory.pid());
        }
        if (cpu != null) {
            out.printf(Locale.ROOT, "  cpu         %.2f ms a purchase (%s), %.0f %% of %d cores busy; JIT compiling %s, GC %s a purchase%n",
                    cpu.millisPerPurchase(), cpu.process(), cpu.coresBusy() * 100, cpu.cores(), millis(cpu.jitMillisPerPurchase()),
                    millis(cpu.gcMillisPerPurchase()));
            if (cpu.databaseServerMillisPerPurchase() != null) {
                out.printf(Locale.ROOT, "              of which the database server's processes %.2f ms a purchase%n", cpu.databaseServerMillisPerPurchase());
            }
            if (cpu.compilerCpuMillisPerPurchase() != null) {
                out.printf(Locale.ROOT, "              of which the JIT compiler's threads %.2f ms a purchase; without them %.2f ms%n",
                        cpu.compilerCpuMillisPerPurchase(), cpu.millisPerPurchaseWithoutCompiler());
            }
        }
        if (commits != null) {
            out.printf(Locale.ROOT, "  commits     %.1f a purchase for %.1f transactions (group commit) of %.1f statements, %,.0f syncs/s; by database %s%n",
                    commits.perPurchase(), commits.transactionsPerPurchase(), commits.statementsPerPurchase(), commits.perSecond(),
                    commits.perPurchaseByDatabase());
        }
        if (passwordHashing != null) {
            out.printf(Locale.ROOT, "  argon2id    %,.1f hashes/s raw (m=%d KiB, t=%d, %d threads); password purchases reach %.0f %% of it%n",
                    passwordHashing.hashesPerSecond(), passwordHashing.memoryKiB(), passwordHashing.iterations(), passwordHashing.threads(),
                    passwordHashing.purchasesPerHash() * 100);
        }
        if (errors.isEmpty()) {
            out.println("  errors      none");
        } else {
            errors.forEach((code, n) -> out.printf(Locale.ROOT, "  errors      %-28s %,d%n", code, n));
        }
        out.flush();
    }

    private static String millis(Double perPurchase) {
        return perPurchase == null ? "unknown" : String.format(Locale.ROOT, "%.2f ms", perPurchase);
    }

    private static String line(Latency l) {
        return String.format(Locale.ROOT, "p50 %8.2f  p90 %8.2f  p99 %8.2f  p99.9 %8.2f  max %8.2f ms", l.p50(), l.p90(), l.p99(), l.p999(), l.max());
    }
}
