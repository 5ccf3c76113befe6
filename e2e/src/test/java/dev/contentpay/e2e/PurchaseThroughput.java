package dev.contentpay.e2e;

import dev.contentpay.platform.db.TestDatabases;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.client.ContentpayClient;

import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A measurement, not a test: whole purchases (select, approve, present and settle, download) per
 * second through a {@link ScaledDeployment} of INSTANCES auth and settlement processes, by
 * CONCURRENCY terminals for SECONDS. The database follows the test-wide switch
 * ({@link TestDatabases}); SQLite allows one instance. Prints one line of numbers. docs/SCALING.md
 * says how it is run and what it printed.
 *
 * <p>Arguments: INSTANCES SECONDS CONCURRENCY (default 1 20 16).
 */
public final class PurchaseThroughput {

    private PurchaseThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int instances = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        String database = TestDatabases.postgres() ? "postgresql" : "sqlite";
        TestDatabases.keepCommitsDurable(); // as in production, and as SQLite's synchronous=FULL
        if (instances > 1 && !TestDatabases.postgres()) throw new IllegalArgumentException("a SQLite file belongs to one process; use PostgreSQL for several instances");
        var dir = Files.createTempDirectory("contentpay-throughput");
        try (var d = ScaledDeployment.start(dir, instances, Map.of("auth.timeout", "30s"))) {
            d.register("bench", 100_000_000);
            var terminal = new ContentpayClient(d.subscriberFace.url());
            char[] password = "bench-password".toCharArray();
            for (int i = 0; i < 20; i++) terminal.buy(d.shop, "bench", password, "wallpaper"); // warm-up
            var done = new AtomicLong();
            var failures = new ConcurrentHashMap<String, AtomicLong>();
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int t = 0; t < concurrency; t++) {
                    pool.submit(() -> {
                        while (System.nanoTime() < end) {
                            try {
                                terminal.buy(d.shop, "bench", password, "wallpaper");
                                done.incrementAndGet();
                            } catch (ContentpayException e) {
                                failures.computeIfAbsent(e.code().code(), k -> new AtomicLong()).incrementAndGet();
                            }
                        }
                    });
                }
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            System.out.printf("database=%s instances=%d concurrency=%d purchases=%d seconds=%.1f purchases_per_second=%.1f failures=%s%n",
                    database, instances, concurrency, done.get(), elapsed, done.get() / elapsed, failures);
        }
        System.exit(0);
    }
}
