package dev.contentpay.e2e;

import ch.qos.logback.classic.Level;
import dev.contentpay.app.Deployment;
import dev.contentpay.platform.config.ConfigException;
import dev.contentpay.platform.config.ConfigSource;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.crypto.TokenSigner;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.ServiceClient;
import dev.contentpay.platform.tls.Certificates;
import dev.contentpay.platform.tls.TlsFiles;
import dev.contentpay.protocol.JudgeRequest;
import dev.contentpay.protocol.JudgeResponse;
import dev.contentpay.settlement.SettlementConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.contentpay.e2e.TestDeployment.assertRefused;
import static dev.contentpay.e2e.TestDeployment.password;
import static dev.contentpay.e2e.TestDeployment.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The dedicated lines of the all-in-one deployment are mutual TLS with the demo's own authority:
 * a caller without a certificate, or with one from another authority, never reaches auth's merchant
 * face, the buyer is told {@code auth_unavailable} (never a 500) and the caller's log says why; a
 * server whose certificate has expired does not start.
 */
class DedicatedLineTlsEndToEndTest {

    private static final Instant NOW = Instant.now();

    @TempDir
    static Path dir;
    static Deployment deployment;

    @BeforeAll
    static void start() {
        deployment = TestDeployment.start(dir, Map.of());
    }

    @AfterAll
    static void stop() {
        deployment.close();
    }

    @Test
    void bothDedicatedLinesAreHttpsAndAPurchaseCrossesThem() {
        assertThat(deployment.auth().merchantUrl().getScheme()).isEqualTo("https");
        assertThat(deployment.bureau().url().getScheme()).isEqualTo("https");
        assertThat(TestDeployment.terminal(deployment).buy(deployment.shop().url(), "alice", password("alice"), "wallpaper")
                .receipt().amount().amount()).isEqualTo(100);
    }

    @Test
    void aClientWithoutACertificateGetsNoConnection() throws Exception {
        var request = HttpRequest.newBuilder(deployment.auth().merchantUrl().resolve("/health/live")).timeout(Duration.ofSeconds(3)).build();
        // Trusting the authority is not enough: the handshake needs the client's own certificate.
        var trusting = HttpClient.newBuilder().sslContext(trustOnly()).build();
        assertThatThrownBy(() -> trusting.send(request, HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        var plain = HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + deployment.auth().merchantUrl().getPort() + "/health/live"))
                .timeout(Duration.ofSeconds(3)).build();
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(plain, HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }

    @Test
    void aMerchantWithACertificateFromAnotherAuthorityIsRefusedAtTheHandshakeAndItsLogSaysSo() throws Exception {
        var terminal = TestDeployment.terminal(deployment);
        var selection = terminal.select(deployment.shop().url(), "ebook");
        var approval = terminal.approve("alice", password("alice"), selection);
        var stranger = Certificates.issue(Certificates.authority("another CA", NOW.minusSeconds(60), Duration.ofDays(30)),
                "settlement", Certificates.LOCAL_HOSTS, NOW.minusSeconds(60), Duration.ofDays(30));
        // It trusts the real authority and signs with the merchant's real key: only its certificate is wrong.
        var key = KeyFiles.loadOrCreate(dir.resolve("keys/settlement.jwk"), Deployment.MERCHANT_ID + "-settlement-1");
        var line = new ServiceClient(deployment.auth().merchantUrl(), Duration.ofSeconds(5), ErrorCode.AUTH_UNAVAILABLE,
                new ServiceClient.Identity(Deployment.MERCHANT_ID, new TokenSigner(key), Deployment.ISSUER_ID), Clock.systemUTC(),
                TlsFiles.context(stranger, Certificates.readCertificate(dir.resolve("keys/tls/ca.pem"))));

        try (var logs = CapturedLogs.at(Level.INFO)) {
            assertRefused(() -> line.post("/v1/merchant/judgements", new JudgeRequest(approval.approval(), approval.orderId(), approval.amount()),
                    "stranger-judge", JudgeResponse.class), ErrorCode.AUTH_UNAVAILABLE);
            assertThat(logs.events()).anyMatch(e -> e.getLevel() == Level.WARN
                    && e.getFormattedMessage().startsWith("the TLS connection with 127.0.0.1:" + deployment.auth().merchantUrl().getPort() + " failed"));
        }
        assertThat(rows(dir, "auth", "SELECT status FROM approval WHERE id = '" + approval.approvalId() + "'")).containsExactly(List.of("ISSUED"));
        // The rightful settlement still gets it judged.
        assertThat(terminal.present(selection, approval).amount().amount()).isEqualTo(800);
    }

    @Test
    void aSettlementOnAnotherAuthorityRefusesThePurchaseWithAuthUnavailableAndSettlesNothing(@TempDir Path other) {
        var authority = Certificates.authority("another CA", NOW.minusSeconds(60), Duration.ofDays(30));
        Certificates.write(authority, other.resolve("ca.pem"), other.resolve("ca.key"));
        Certificates.write(Certificates.issue(authority, "settlement", Certificates.LOCAL_HOSTS, NOW.minusSeconds(60), Duration.ofDays(30)),
                other.resolve("settlement.pem"), other.resolve("settlement.key"));
        try (var d = TestDeployment.start(other, Map.of("settlement", Map.of("auth.tls.cert-file", other.resolve("settlement.pem").toString(),
                "auth.tls.key-file", other.resolve("settlement.key").toString(), "auth.tls.ca-file", other.resolve("ca.pem").toString())));
             var logs = CapturedLogs.at(Level.INFO)) {
            var terminal = TestDeployment.terminal(d);
            var selection = terminal.select(d.shop().url(), "ebook");
            var approval = terminal.approve("alice", password("alice"), selection);

            assertRefused(() -> terminal.present(selection, approval), ErrorCode.AUTH_UNAVAILABLE);

            assertThat(logs.events()).anyMatch(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("the TLS connection with")
                    && e.getFormattedMessage().contains("check the certificates on both ends"));
            assertThat(rows(other, "settlement", "SELECT COUNT(*) FROM settlement")).containsExactly(List.of("0"));
            assertThat(rows(other, "auth", "SELECT status FROM approval WHERE id = '" + approval.approvalId() + "'")).containsExactly(List.of("ISSUED"));
        }
    }

    @Test
    void aSettlementWithAnExpiredCertificateDoesNotStartAndSaysWhy(@TempDir Path other) {
        var authority = Certificates.read(dir.resolve("keys/tls/ca.pem"), dir.resolve("keys/tls/ca.key"));
        Certificates.write(Certificates.issue(authority, "settlement", Certificates.LOCAL_HOSTS, NOW.minus(Duration.ofDays(30)), Duration.ofDays(1)),
                other.resolve("expired.pem"), other.resolve("expired.key"));

        assertThatThrownBy(() -> TestDeployment.start(other, Map.of("settlement", Map.of("auth.tls.cert-file", other.resolve("expired.pem").toString(),
                "auth.tls.key-file", other.resolve("expired.key").toString(), "auth.tls.ca-file", dir.resolve("keys/tls/ca.pem").toString()))))
                .hasMessageContaining("auth.tls.cert-file " + other.resolve("expired.pem") + " expired on");
    }

    @Test
    void anHttpsLineWithoutCertificatesAndCertificatesOnAnHttpLineAreConfigurationErrors() {
        assertThatThrownBy(() -> SettlementConfig.load(ConfigSource.of("settlement", Map.of("auth.merchant-url", "https://127.0.0.1:8091"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("auth.merchant-url is https, so auth.tls.cert-file");
        assertThatThrownBy(() -> SettlementConfig.load(ConfigSource.of("settlement", Map.of("auth.tls.cert-file", "a.pem",
                "auth.tls.key-file", "a.key", "auth.tls.ca-file", "ca.pem"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("auth.tls.* is set but auth.merchant-url is plain http");
    }

    private static javax.net.ssl.SSLContext trustOnly() throws Exception {
        var trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", Certificates.readCertificate(dir.resolve("keys/tls/ca.pem")));
        var managers = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        managers.init(trust);
        var context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, managers.getTrustManagers(), null);
        return context;
    }
}
