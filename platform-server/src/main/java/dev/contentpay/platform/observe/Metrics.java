package dev.contentpay.platform.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Prometheus registry per server (auth, settlement, shop, bureau), tagged with its name, so
 * that the demo's four servers in one JVM still each report only their own requests and business
 * counters (the JVM's own meters appear on each). The faces of one server (auth's subscriber,
 * merchant and admin faces) share their server's registry.
 */
public final class Metrics {

    private static final Map<String, PrometheusMeterRegistry> REGISTRIES = new ConcurrentHashMap<>();

    private Metrics() {
    }

    /** The registry of the server a face belongs to: {@code auth-merchant} → {@code auth}. */
    public static PrometheusMeterRegistry of(String serverOrFace) {
        String server = serverOrFace.contains("-") ? serverOrFace.substring(0, serverOrFace.indexOf('-')) : serverOrFace;
        return REGISTRIES.computeIfAbsent(server, Metrics::create);
    }

    private static PrometheusMeterRegistry create(String server) {
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("server", server);
        bindJvm(registry);
        return registry;
    }

    private static void bindJvm(MeterRegistry registry) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }
}
