package dev.contentpay.e2e;

import dev.contentpay.app.Deployment;
import dev.contentpay.platform.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static dev.contentpay.e2e.TestDeployment.assertRefused;
import static dev.contentpay.e2e.TestDeployment.password;
import static org.assertj.core.api.Assertions.assertThat;

/** What auth does when the credit bureau is down ([0091]), under both settings. */
class BureauFallbackEndToEndTest {

    @TempDir
    Path dir;

    private Deployment start(String fallback) {
        // An answer is cached for only a millisecond here, so every approval asks the bureau again.
        return TestDeployment.start(dir, Map.of("auth", Map.of("bureau.fallback", fallback, "bureau.cache-ttl", "1ms", "bureau.timeout", "1s")));
    }

    @Test
    void withRefuseAuthRefusesCreditWhileTheBureauIsDown() {
        try (Deployment d = start("refuse")) {
            var terminal = TestDeployment.terminal(d);
            assertThat(terminal.approve("alice", password("alice"), terminal.select(d.shop().url(), "wallpaper")).approvalId()).startsWith("apv_");
            d.bureau().close();
            assertRefused(() -> terminal.approve("alice", password("alice"), terminal.select(d.shop().url(), "wallpaper")), ErrorCode.BUREAU_UNAVAILABLE);
            // A prepaid balance is the subscriber's own money and needs no bureau.
            assertThat(terminal.buy(d.shop().url(), "carol", password("carol"), "wallpaper").receipt().amount().amount()).isEqualTo(100);
        }
    }

    @Test
    void withOwnDataAuthDecidesOnItsOwnDataAloneWhileTheBureauIsDown() {
        try (Deployment d = start("own-data")) {
            var terminal = TestDeployment.terminal(d);
            d.bureau().close();
            var purchase = terminal.buy(d.shop().url(), "alice", password("alice"), "ebook");
            assertThat(purchase.receipt().amount().amount()).isEqualTo(800);
            // Its own limit still holds.
            assertThat(purchase.approval().remainingAfter().amount()).isEqualTo(9_200);
        }
    }

    @Test
    void theBureauAnswersOnlyTheIssuerWithItsCertificateAndAnAssertion() throws Exception {
        try (Deployment d = start("refuse")) {
            var report = HttpRequest.newBuilder(URI.create(d.bureau().url() + "/v1/reports/JB-40017")).build();
            // Without the issuer's certificate there is no connection at all.
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> HttpClient.newHttpClient().send(report, HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(java.io.IOException.class);
            // With it but without a signed assertion, the request itself is refused.
            var response = HttpClient.newBuilder().sslContext(Deployment.certificates(dir).context("auth")).build()
                    .send(report, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).contains("client_unauthenticated").doesNotContain("742");
        }
    }
}
