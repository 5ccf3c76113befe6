package dev.contentpay.harness.bench;

import dev.contentpay.platform.crypto.PasswordHasher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * The raw Argon2id rate of this machine at a given cost, with one hashing thread per core: the
 * ceiling of purchases made with a password every time, since each needs one hash at auth (and
 * auth hashes at most one per core at once). Measured in this process, before the load.
 */
final class HashRate {

    private HashRate() {
    }

    /** Hashes a second, measured for {@code duration} after one hash per thread to warm up. */
    static double measure(PasswordHasher.Cost cost, Duration duration) throws InterruptedException {
        var hasher = new PasswordHasher(cost);
        String stored = hasher.hash("a bench password".toCharArray());
        int threads = Runtime.getRuntime().availableProcessors();
        var done = new LongAdder();
        var workers = new ArrayList<Thread>();
        // Hashes that end inside [start, end) are counted; the first fifth of a second warms up.
        long start = System.nanoTime() + 200_000_000L;
        long end = start + duration.toNanos();
        for (int i = 0; i < threads; i++) {
            workers.add(Thread.ofPlatform().name("bench-argon2-" + i).start(() -> {
                for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
                    hasher.verify("a bench password".toCharArray(), stored);
                    long finished = System.nanoTime();
                    if (finished >= start && finished < end) done.increment();
                }
            }));
        }
        for (Thread t : workers) t.join();
        return done.sum() / (duration.toNanos() / 1e9);
    }
}
