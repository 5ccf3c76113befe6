package dev.contentpay.platform.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.contentpay.platform.config.ConfigReader;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * Requests per source address, as a token bucket refilled continuously: {@code perMinute}
 * requests a minute, with bursts of up to that many. A refusal is {@link ErrorCode#RATE_LIMITED}
 * with {@code Retry-After} set to when the next request would be let through.
 *
 * <p>Memory is bounded without ever forgetting everyone at once: at most {@code maxAddresses}
 * buckets are kept (Caffeine's size-bounded cache, which keeps the addresses seen often over
 * those seen once), and a bucket unused for a minute, full again by then, is dropped. Kept in this
 * process's memory: with several instances each enforces its own share, which still bounds
 * guessing, since the lockouts (in the database) are what stop it for good.
 */
public final class RateLimiter {

    /** The paths every server answers to anyone, for probes and scrapers, never limited. */
    private static final Set<String> PROBES = Set.of("/health/live", "/health/ready", "/metrics");

    /** A face's limits, from its server's settings {@code rate-limit.per-minute} and {@code rate-limit.max-addresses}. */
    public record Limits(int perMinute, int maxAddresses) {

        public static Limits read(ConfigReader r, int defaultPerMinute, String what) {
            var limits = new Limits(
                    r.integer("rate-limit.per-minute", defaultPerMinute, "requests per minute one source address may make on " + what
                            + "; a refusal is rate_limited (429) with Retry-After"),
                    r.integer("rate-limit.max-addresses", 100_000, "the most source addresses whose request rate is remembered at once "
                            + "(least used forgotten first; bounds the limiter's memory)"));
            r.check(limits.perMinute() > 0, "rate-limit.per-minute must be positive");
            r.check(limits.maxAddresses() >= 100, "rate-limit.max-addresses must be at least 100");
            return limits;
        }
    }

    private final Clock clock;
    private final double perMilli;
    private final double burst;
    private final Cache<String, Bucket> buckets;

    public RateLimiter(Limits limits, Clock clock) {
        this.clock = clock;
        this.burst = limits.perMinute();
        this.perMilli = limits.perMinute() / 60_000.0;
        this.buckets = Caffeine.newBuilder().maximumSize(limits.maxAddresses()).expireAfterAccess(Duration.ofMinutes(1))
                .executor(Runnable::run).build();
    }

    /** Limits every request of the face of {@code routes} but the probes'. */
    public void limitEveryRequest(RoutesConfig routes) {
        routes.before(ctx -> {
            if (!PROBES.contains(ctx.path())) acquire(ctx);
        });
    }

    /** Lets the request from {@code ctx}'s source address through, or refuses it with {@code Retry-After} set on {@code ctx}. */
    public void acquire(Context ctx) {
        try {
            acquire(ctx.ip());
        } catch (ContentpayException e) {
            WebServer.retryAfter(ctx, e);
            throw e;
        }
    }

    /**
     * Lets one request from {@code source} through, or refuses it with the wait until the next would
     * pass. An IPv6 address counts by its /64 prefix, the least one host is given: otherwise one
     * host could make each request from an address of its own.
     */
    public void acquire(String source) {
        long wait = buckets.get(keyOf(source), s -> new Bucket(burst, clock.millis())).take(clock.millis(), burst, perMilli);
        if (wait > 0) {
            throw new ContentpayException(ErrorCode.RATE_LIMITED).withRetryAfter(Duration.ofMillis(wait));
        }
    }

    static String keyOf(String source) {
        if (source == null || source.indexOf(':') < 0) return source;
        try {
            // A literal with ':' is parsed, never looked up: no host name has one.
            byte[] address = java.net.InetAddress.getByName(source).getAddress();
            if (address.length != 16) return source;
            return java.util.HexFormat.of().formatHex(address, 0, 8) + "::/64";
        } catch (java.net.UnknownHostException | IllegalArgumentException e) {
            return source;
        }
    }

    /** Addresses remembered now (for tests and metrics). */
    public long addresses() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    /** One address's tokens, refilled by the time since it was last used. */
    private static final class Bucket {
        private double tokens;
        private long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }

        /** Takes a token: 0 when there was one, else the milliseconds until there will be. */
        synchronized long take(long now, double burst, double perMilli) {
            tokens = Math.min(burst, tokens + Math.max(0, now - at) * perMilli);
            at = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / perMilli));
        }
    }
}
