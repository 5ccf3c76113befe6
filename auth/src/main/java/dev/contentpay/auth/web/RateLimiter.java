package dev.contentpay.auth.web;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests per source address on the subscriber face, as a token bucket refilled continuously:
 * {@code perMinute} requests a minute, with bursts of up to that many. Kept in this process's
 * memory: with several auth instances each enforces its own share, which still bounds guessing,
 * since the lockout (in the database) is what stops it for good.
 */
public final class RateLimiter {

    private static final int MAX_TRACKED = 100_000;

    private final Clock clock;
    private final double perMilli;
    private final double burst;
    private final Map<String, double[]> buckets = new ConcurrentHashMap<>();

    public RateLimiter(int perMinute, Clock clock) {
        this.clock = clock;
        this.burst = perMinute;
        this.perMilli = perMinute / 60_000.0;
    }

    public void acquire(String source) {
        long now = clock.millis();
        if (buckets.size() > MAX_TRACKED) buckets.clear();
        double[] bucket = buckets.computeIfAbsent(source, s -> new double[]{burst, now});
        synchronized (bucket) {
            bucket[0] = Math.min(burst, bucket[0] + (now - bucket[1]) * perMilli);
            bucket[1] = now;
            if (bucket[0] < 1) throw new ContentpayException(ErrorCode.RATE_LIMITED);
            bucket[0] -= 1;
        }
    }
}
