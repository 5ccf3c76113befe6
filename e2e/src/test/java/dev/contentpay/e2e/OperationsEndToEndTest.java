package dev.contentpay.e2e;

import dev.contentpay.app.Deployment;
import dev.contentpay.bureau.BureauConfig;
import dev.contentpay.bureau.BureauServer;
import dev.contentpay.platform.config.ConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.contentpay.e2e.TestDeployment.password;
import static org.assertj.core.api.Assertions.assertThat;

/** What operators see: readiness that follows dependencies, and counters that follow purchases. */
class OperationsEndToEndTest {

    @TempDir
    Path dir;

    static HttpResponse<String> get(URI uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of one Prometheus sample, 0 when absent. */
    static double sample(String metrics, String name) {
        var m = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.Ee+-]+)$", Pattern.MULTILINE).matcher(metrics);
        double total = 0;
        while (m.find()) total += Double.parseDouble(m.group(2));
        return total;
    }

    @Test
    void authIsNotReadyWhileTheBureauItNeedsIsDownAndReadyAgainWhenItReturns() throws Exception {
        try (Deployment d = TestDeployment.start(dir, Map.of())) {
            URI ready = d.auth().url().resolve("/health/ready");
            assertThat(get(ready).statusCode()).isEqualTo(200);
            int bureauPort = d.bureau().url().getPort();
            d.bureau().close();
            Thread.sleep(2_100);
            var down = get(ready);
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("\"bureau\":\"down\"", "\"database\":\"up\"");
            assertThat(get(d.auth().url().resolve("/health/live")).statusCode()).isEqualTo(200);

            try (var again = BureauServer.start(BureauConfig.load(ConfigSource.of("bureau", Map.of("http.port", Integer.toString(bureauPort),
                    "database.url", TestDeployment.url(dir, "bureau"), "client.keys-file", dir.resolve("keys/auth.public.jwks").toString(), "tls.cert-file", dir.resolve("keys/tls/bureau.pem").toString(),
                    "tls.key-file", dir.resolve("keys/tls/bureau.key").toString(), "tls.ca-file", dir.resolve("keys/tls/ca.pem").toString()))),
                    Clock.systemUTC())) {
                Thread.sleep(2_100);
                assertThat(get(ready).statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void settlementIsNotReadyWhileTheIssuersMerchantFaceIsDown() throws Exception {
        try (Deployment d = TestDeployment.start(dir.resolve("settlement-ready"), Map.of())) {
            URI ready = d.settlement().url().resolve("/health/ready");
            var up = get(ready);
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(up.body()).contains("\"auth\":\"up\"", "\"database\":\"up\"");
            d.auth().close();
            Thread.sleep(2_100);
            var down = get(ready);
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("\"auth\":\"down\"", "\"database\":\"up\"");
            assertThat(get(d.settlement().url().resolve("/health/live")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aPurchaseRaisesTheIssuersCountersAndTheRequestMetrics() throws Exception {
        try (Deployment d = TestDeployment.start(dir, Map.of())) {
            URI metrics = d.auth().url().resolve("/metrics");
            String before = get(metrics).body();
            TestDeployment.terminal(d).buy(d.shop().url(), "alice", password("alice"), "wallpaper");
            TestDeployment.awaitHistory(d, "alice", h -> h.charged().amount() == 100);
            String after = get(metrics).body();

            assertThat(sample(after, "contentpay_approvals_issued_total") - sample(before, "contentpay_approvals_issued_total")).isEqualTo(1);
            assertThat(sample(after, "contentpay_allowances_granted_total") - sample(before, "contentpay_allowances_granted_total")).isEqualTo(1);
            assertThat(sample(after, "contentpay_charges_total") - sample(before, "contentpay_charges_total")).isEqualTo(1);
            assertThat(after).contains("http_server_requests_seconds_count{", "route=\"/v1/approvals\"", "hikaricp_connections", "jvm_memory_used_bytes");

            String merchant = get(d.settlement().url().resolve("/metrics")).body();
            assertThat(sample(merchant, "contentpay_settlements_total")).isEqualTo(1);
            assertThat(sample(merchant, "contentpay_outbox_pending")).isZero();
            assertThat(sample(merchant, "contentpay_outbox_dead")).isZero();
            assertThat(merchant).contains("contentpay_outbox_oldest_pending_seconds", "route=\"/v1/purchases\"");

            // Prometheus's name[] filter: only the meters asked for (what the bench's watcher asks every second).
            String two = get(d.settlement().url().resolve("/metrics?name%5B%5D=contentpay_outbox_pending&name%5B%5D=contentpay_settlements_total")).body();
            assertThat(sample(two, "contentpay_outbox_pending")).isZero();
            assertThat(sample(two, "contentpay_settlements_total")).isEqualTo(1);
            assertThat(two).doesNotContain("jvm_memory_used_bytes", "http_server_requests", "contentpay_outbox_oldest_pending_seconds");
        }
    }
}
