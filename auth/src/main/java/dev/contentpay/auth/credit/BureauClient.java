package dev.contentpay.auth.credit;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.ServiceClient;
import dev.contentpay.protocol.CreditReport;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Asks the credit bureau about a subscriber, under the bureau's own reference, and remembers the
 * answer for a while ([0063]): a report changes slowly, and the bureau must not be on the path of
 * every purchase. "No record" is an answer too and is cached like one.
 */
public final class BureauClient {

    private record Cached(Optional<CreditReport> report, Instant until) {
    }

    private final ServiceClient client;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    /** Questions on their way to the bureau: concurrent misses for one reference share one request. */
    private final Map<String, java.util.concurrent.CompletableFuture<Optional<CreditReport>>> inFlight = new ConcurrentHashMap<>();

    public BureauClient(ServiceClient client, Clock clock, Duration ttl) {
        this.client = client;
        this.clock = clock;
        this.ttl = ttl;
    }

    /**
     * The bureau's report, empty when it holds none.
     *
     * @throws ContentpayException with {@code bureau_unavailable} when the bureau cannot answer
     */
    public Optional<CreditReport> report(String reference) {
        Cached cached = cache.get(reference);
        if (cached != null && clock.instant().isBefore(cached.until())) return cached.report();
        var mine = new java.util.concurrent.CompletableFuture<Optional<CreditReport>>();
        var shared = inFlight.putIfAbsent(reference, mine);
        if (shared != null) return join(shared);
        try {
            mine.complete(ask(reference));
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
        } finally {
            inFlight.remove(reference, mine);
        }
        return join(mine);
    }

    private static Optional<CreditReport> join(java.util.concurrent.CompletableFuture<Optional<CreditReport>> answer) {
        try {
            return answer.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    private Optional<CreditReport> ask(String reference) {
        Instant now = clock.instant();
        Optional<CreditReport> report;
        try {
            report = Optional.of(client.get("/v1/reports/" + URLEncoder.encode(reference, StandardCharsets.UTF_8), CreditReport.class));
        } catch (ContentpayException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw new ContentpayException(ErrorCode.BUREAU_UNAVAILABLE, ErrorCode.BUREAU_UNAVAILABLE.title(), e);
            }
            report = Optional.empty();
        }
        cache.put(reference, new Cached(report, now.plus(ttl)));
        return report;
    }
}
