package dev.contentpay.settlement.observe;

import dev.contentpay.platform.observe.Metrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.util.function.ToLongFunction;

/**
 * The merchant's business meters, read from the database when Prometheus scrapes, so they are true
 * across restarts and across several settlement processes sharing one database: settlements and
 * refunds (monotonic counts of rows that are never deleted), the outbox's depth, the age of its
 * oldest pending message, and its dead letters.
 */
public final class SettlementMetrics {

    private SettlementMetrics() {
    }

    /** Registers the meters; the caller keeps {@code store} referenced while they are read (Micrometer holds it weakly). */
    public static void register(MetricsStore store, Clock clock) {
        MeterRegistry registry = Metrics.of("settlement");
        // A server started again in the same JVM (tests, a restart in place) reads its own database.
        for (String name : new String[]{"contentpay.settlements", "contentpay.settlement.refunds", "contentpay.outbox.pending",
                "contentpay.outbox.dead", "contentpay.outbox.oldest.pending.seconds"}) {
            registry.find(name).meters().forEach(registry::remove);
        }
        FunctionCounter.builder("contentpay.settlements", store, s -> read(s, MetricsStore::settlements))
                .description("settlements recorded").register(registry);
        FunctionCounter.builder("contentpay.settlement.refunds", store, s -> read(s, MetricsStore::refunds))
                .description("refunds recorded").register(registry);
        Gauge.builder("contentpay.outbox.pending", store, s -> read(s, MetricsStore::pendingMessages))
                .description("messages owed to the issuer and not yet acknowledged").register(registry);
        Gauge.builder("contentpay.outbox.dead", store, s -> read(s, MetricsStore::deadMessages))
                .description("messages that ran out of attempts and wait for an operator").register(registry);
        Gauge.builder("contentpay.outbox.oldest.pending.seconds", store, s -> {
                    double oldest = read(s, MetricsStore::oldestPendingCreatedAt);
                    return oldest == 0 ? 0 : (clock.millis() - oldest) / 1000.0;
                })
                .description("age of the oldest message still owed to the issuer").register(registry);
    }

    /** A count, or NaN when the database cannot answer (closing with the server, unreachable): a scrape never fails. */
    private static double read(MetricsStore store, ToLongFunction<MetricsStore> count) {
        try {
            return count.applyAsLong(store);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
