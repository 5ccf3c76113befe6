package dev.contentpay.platform.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Caches from one library (Caffeine), each bounded in size and in age. Their time is the server's
 * {@link Clock}, not the JVM's nanosecond counter, so that a test moving an injected clock moves
 * the caches' expiry with it. Their upkeep (evictions, expiry) runs on the thread that uses them,
 * not on the common fork-join pool: a cache read on a purchase's path handed that pool a task every
 * few reads, and each woke one of its threads for a few microseconds of work.
 */
public final class Caches {

    private Caches() {
    }

    /** A cache whose entries live at most {@code ttl} after they were written, of at most {@code maximumSize} entries. */
    public static <K, V> Cache<K, V> expiring(Clock clock, Duration ttl, long maximumSize) {
        return Caffeine.newBuilder()
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfterWrite(ttl)
                .maximumSize(maximumSize)
                .executor(Runnable::run)
                .build();
    }
}
