package dev.contentpay.platform.observe;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Whether a server can do its work now: its database, and the servers it cannot work without
 * (settlement: auth's merchant face; auth: the bureau, when its fallback is to refuse). A load
 * balancer sends nothing to a server that is not ready; liveness is a separate, simpler question.
 */
public final class Readiness {

    /** One named condition. */
    public record Check(String name, BooleanSupplier up) {
    }

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    private static final long PROBE_CACHE_MILLIS = 2_000;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();

    private final List<Check> checks;

    private Readiness(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    public static Readiness of(Check... checks) {
        return new Readiness(List.of(checks));
    }

    public static Check check(String name, BooleanSupplier up) {
        return new Check(name, up);
    }

    /** Each check's state, in order: "up" or "down". */
    public Map<String, String> report() {
        var report = new LinkedHashMap<String, String>();
        for (Check c : checks) {
            boolean up;
            try {
                up = c.up().getAsBoolean();
            } catch (RuntimeException e) {
                up = false;
            }
            report.put(c.name(), up ? "up" : "down");
        }
        return report;
    }

    /**
     * A check that another server answers its liveness probe, asked at most every two seconds so
     * that readiness probes never become load on the dependency.
     */
    public static BooleanSupplier reachable(URI base) {
        return reachable(base, null);
    }

    /** The same over mutual TLS, presenting {@code tls}'s certificate, for a dependency that requires one. */
    public static BooleanSupplier reachable(URI base, javax.net.ssl.SSLContext tls) {
        HttpClient http = tls == null ? HTTP : HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).sslContext(tls)
                .sslParameters(dev.contentpay.platform.tls.TlsFiles.clientParameters(tls)).build();
        URI live = base.resolve("/health/live");
        return new BooleanSupplier() {
            private volatile long checkedAt;
            private volatile boolean up;

            @Override
            public boolean getAsBoolean() {
                long now = System.currentTimeMillis();
                if (now - checkedAt > PROBE_CACHE_MILLIS) {
                    up = probe(http, live);
                    checkedAt = now;
                }
                return up;
            }
        };
    }

    private static boolean probe(HttpClient http, URI live) {
        try {
            var response = http.send(HttpRequest.newBuilder(live).timeout(PROBE_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
