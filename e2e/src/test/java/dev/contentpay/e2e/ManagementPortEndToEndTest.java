package dev.contentpay.e2e;

import dev.contentpay.app.Deployment;
import dev.contentpay.auth.AuthConfig;
import dev.contentpay.platform.config.ConfigException;
import dev.contentpay.platform.config.ConfigSource;
import dev.contentpay.platform.http.RunningServer;
import dev.contentpay.platform.http.Routes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.contentpay.e2e.OperationsEndToEndTest.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The four servers with {@code management.port} set (docs/OPERATIONS.md, docs/DEPLOY.md): each
 * serves {@code /metrics} and {@code /health} on its management port, bound to 127.0.0.1, and no
 * public face serves {@code /metrics} any more; the public health probes stay.
 */
class ManagementPortEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void everyServerServesMetricsAndHealthOnlyOnItsManagementPort() throws Exception {
        Map<String, String> management = Map.of("management.port", "0");
        try (Deployment d = TestDeployment.start(dir, Map.of("auth", management, "bureau", management, "shop", management,
                "settlement", management))) {
            TestDeployment.terminal(d).buy(d.shop().url(), "alice", TestDeployment.password("alice"), "wallpaper");
            TestDeployment.awaitHistory(d, "alice", h -> h.charged().amount() == 100);

            for (RunningServer server : List.<RunningServer>of(d.bureau(), d.auth(), d.shop(), d.settlement())) {
                URI port = server.managementUrl();
                assertThat(port).as(server.name() + "'s management port").isNotNull();
                assertThat(port.getHost()).isEqualTo("127.0.0.1");
                assertThat(server.faces().values()).doesNotContain(port);

                var metrics = get(port.resolve("/metrics"));
                assertThat(metrics.statusCode()).isEqualTo(200);
                assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
                assertThat(metrics.body()).contains("jvm_memory_used_bytes", "server=\"" + server.name() + "\"");
                var health = get(port.resolve("/health"));
                assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
                assertThat(health.body()).contains("\"status\":\"ready\"", "\"database\":\"up\"");
                assertThat(get(port.resolve("/health/live")).statusCode()).isEqualTo(200);

                // No face of the server has the route any more (the bureau's and auth's merchant face speak only mutual TLS, so asked by route).
                for (URI face : server.faces().values()) {
                    assertThat(Routes.listeningOn(face.getPort())).as(server.name() + " at " + face)
                            .isNotEmpty().noneMatch(r -> r.path().equals("/metrics")).anyMatch(r -> r.path().equals("/health/ready"));
                }
            }
            assertThat(get(d.auth().managementUrl().resolve("/metrics")).body()).contains("contentpay_charges_total");
            assertThat(get(d.settlement().managementUrl().resolve("/metrics")).body()).contains("contentpay_settlements_total");
            for (URI publicFace : List.of(d.auth().url(), d.auth().adminUrl(), d.shop().url(), d.settlement().url())) {
                var metrics = get(publicFace.resolve("/metrics"));
                assertThat(metrics.statusCode()).as(publicFace + "/metrics").isEqualTo(404);
                assertThat(metrics.body()).doesNotContain("jvm_memory_used_bytes");
                assertThat(get(publicFace.resolve("/health/ready")).statusCode()).as(publicFace + "/health/ready").isEqualTo(200);
            }
        }
    }

    @Test
    void withoutTheSettingMetricsStayOnThePublicPortAndThereIsNoManagementPort() throws Exception {
        try (Deployment d = TestDeployment.start(dir, Map.of())) {
            assertThat(d.auth().managementUrl()).isNull();
            assertThat(get(d.auth().url().resolve("/metrics")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aManagementPortThatIsNoPortStopsTheServerAtStart() {
        assertThatThrownBy(() -> AuthConfig.load(ConfigSource.of("auth", Map.of("management.port", "metrics"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("management.port must be a port between 0 and 65535 or empty");
        assertThatThrownBy(() -> AuthConfig.load(ConfigSource.of("auth", Map.of("management.port", "70000"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("management.port must be a port");
    }
}
