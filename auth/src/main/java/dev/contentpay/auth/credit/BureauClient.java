package dev.contentpay.auth.credit;

import com.github.benmanes.caffeine.cache.Cache;
import dev.contentpay.platform.cache.Caches;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.ServiceClient;
import dev.contentpay.protocol.CreditReport;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Asks the credit bureau about a subscriber, under the bureau's own reference, and remembers the
 * answer for a while ([0063]): a report changes slowly, and the bureau must not be on the path of
 * every purchase. "No record" is an answer too and is cached like one. At most {@link #MAX_REPORTS}
 * answers are kept, each for the configured time.
 */
public final class BureauClient {

    /** The most references whose answers are kept (about 100 bytes each); the least used go first. */
    static final long MAX_REPORTS = 100_000;

    private final ServiceClient client;
    private final Cache<String, Optional<CreditReport>> cache;
    /** Questions on their way to the bureau: concurrent misses for one reference share one request. */
    private final Map<String, java.util.concurrent.CompletableFuture<Optional<CreditReport>>> inFlight = new ConcurrentHashMap<>();

    public BureauClient(ServiceClient client, Clock clock, Duration ttl) {
        this.client = client;
        this.cache = Caches.expiring(clock, ttl, MAX_REPORTS);
    }

    /**
     * The bureau's report, empty when it holds none.
     *
     * @throws ContentpayException with {@code bureau_unavailable} when the bureau cannot answer
     */
    public Optional<CreditReport> report(String reference) {
        Optional<CreditReport> cached = cache.getIfPresent(reference);
        if (cached != null) return cached;
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
        Optional<CreditReport> report;
        try {
            report = Optional.of(client.get("/v1/reports/" + URLEncoder.encode(reference, StandardCharsets.UTF_8), CreditReport.class));
        } catch (ContentpayException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw new ContentpayException(ErrorCode.BUREAU_UNAVAILABLE, ErrorCode.BUREAU_UNAVAILABLE.title(), e);
            }
            report = Optional.empty();
        }
        cache.put(reference, report);
        return report;
    }
}
