package dev.contentpay.e2e;

import dev.contentpay.app.Deployment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every public face limits each source address, and every refusal says when to come back: the
 * shop, settlement and the bureau as well as auth, each with its own {@code rate-limit.per-minute}.
 */
class RateLimitEndToEndTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The bureau answers only the issuer's certificate (mutual TLS): its client, as the issuer. */
    private HttpClient asIssuer;
    private static final int PER_MINUTE = 5;

    @TempDir
    Path dir;
    private Deployment deployment;

    @BeforeEach
    void start() {
        var low = Map.of("rate-limit.per-minute", Integer.toString(PER_MINUTE));
        deployment = TestDeployment.start(dir, Map.of("auth", low, "shop", low, "settlement", low, "bureau", low));
        asIssuer = HttpClient.newBuilder().sslContext(Deployment.certificates(dir).context("auth")).build();
    }

    @AfterEach
    void stop() {
        deployment.close();
    }

    @Test
    void everyServerRefusesAnAddressPastItsShareWithRetryAfter() throws Exception {
        Map<String, URI> faces = Map.of(
                "shop", deployment.shop().url().resolve("/v1/catalog"),
                "settlement", deployment.settlement().url().resolve("/v1/keys"),
                "bureau", deployment.bureau().url().resolve("/v1/reports/JB-40017"),
                "auth", deployment.auth().url().resolve("/v1/subscriber/history"));
        faces.forEach((server, uri) -> {
            // The servers' own calls to each other come from the same address and may have used a
            // little of its share: the refusal comes within twice the share, never before the first answer.
            assertThat(get(uri).statusCode()).as("%s's first answer", server).isNotEqualTo(429);
            HttpResponse<String> refused = null;
            for (int i = 0; i < PER_MINUTE * 2 && refused == null; i++) {
                var response = get(uri);
                if (response.statusCode() == 429) refused = response;
            }
            assertThat(refused).as("%s refused within %d requests", server, PER_MINUTE * 2).isNotNull();
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(refused.body()).contains("\"code\":\"rate_limited\"");
            assertThat(refused.headers().firstValue("Retry-After")).as("%s's Retry-After", server)
                    .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 60L));
        });
    }

    @Test
    void probesAreNeverLimited() {
        for (URI base : new URI[] {deployment.shop().url(), deployment.settlement().url(), deployment.bureau().url(), deployment.auth().url()}) {
            for (int i = 0; i < PER_MINUTE * 3; i++) {
                assertThat(get(base.resolve("/health/live")).statusCode()).isEqualTo(200);
            }
        }
    }

    private HttpResponse<String> get(URI uri) {
        try {
            return ("https".equals(uri.getScheme()) ? asIssuer : HTTP).send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
