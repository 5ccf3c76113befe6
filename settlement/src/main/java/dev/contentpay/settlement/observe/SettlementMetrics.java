package dev.contentpay.settlement.observe;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.observe.Metrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;

/**
 * The merchant's business meters, read from the database when Prometheus scrapes, so they are true
 * across restarts and across several settlement processes sharing one database: settlements and
 * refunds (monotonic counts of rows that are never deleted), the outbox's depth, the age of its
 * oldest pending message, and its dead letters.
 */
public final class SettlementMetrics {

    private SettlementMetrics() {
    }

    public static void register(Database db, Clock clock) {
        MeterRegistry registry = Metrics.of("settlement");
        // A server started again in the same JVM (tests, a restart in place) reads its own database.
        for (String name : new String[]{"contentpay.settlements", "contentpay.settlement.refunds", "contentpay.outbox.pending",
                "contentpay.outbox.dead", "contentpay.outbox.oldest.pending.seconds"}) {
            registry.find(name).meters().forEach(registry::remove);
        }
        FunctionCounter.builder("contentpay.settlements", db, d -> count(d, "SELECT COUNT(*) FROM settlement"))
                .description("settlements recorded").register(registry);
        FunctionCounter.builder("contentpay.settlement.refunds", db, d -> count(d, "SELECT COUNT(*) FROM refund"))
                .description("refunds recorded").register(registry);
        Gauge.builder("contentpay.outbox.pending", db, d -> count(d, "SELECT COUNT(*) FROM outbox WHERE status = 'PENDING'"))
                .description("messages owed to the issuer and not yet acknowledged").register(registry);
        Gauge.builder("contentpay.outbox.dead", db, d -> count(d, "SELECT COUNT(*) FROM outbox WHERE status = 'DEAD'"))
                .description("messages that ran out of attempts and wait for an operator").register(registry);
        Gauge.builder("contentpay.outbox.oldest.pending.seconds", db, d -> {
                    double oldest = count(d, "SELECT COALESCE(MIN(created_at), 0) FROM outbox WHERE status = 'PENDING'");
                    return oldest == 0 ? 0 : (clock.millis() - oldest) / 1000.0;
                })
                .description("age of the oldest message still owed to the issuer").register(registry);
    }

    private static double count(Database db, String sql) {
        try {
            return db.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
