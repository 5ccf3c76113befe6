package dev.contentpay.platform.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Caches from one library (Caffeine), each bounded in size and in age. Their time is the server's
 * {@link Clock}, not the JVM's nanosecond counter, so that a test moving an injected clock moves
 * the caches' expiry with it.
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
                .build();
    }
}
