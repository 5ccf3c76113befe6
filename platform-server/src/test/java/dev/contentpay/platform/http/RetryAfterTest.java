package dev.contentpay.platform.http;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import io.javalin.Javalin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Every 429 and 503 says when to come back: the refusal's own wait where it has one. */
class RetryAfterTest {

    private Javalin app;

    @BeforeEach
    void start() {
        app = WebServer.create("retry-after-test", () -> true, config -> { }, routes -> {
            routes.get("/busy", ctx -> {
                throw new ContentpayException(ErrorCode.SERVER_BUSY);
            });
            routes.get("/locked", ctx -> {
                throw new ContentpayException(ErrorCode.SIGN_IN_LOCKED);
            });
            routes.get("/locked-for-ninety-seconds", ctx -> {
                throw new ContentpayException(ErrorCode.PIN_LOCKED).withRetryAfter(Duration.ofMillis(89_001));
            });
        });
        app.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    @Test
    void aBusyServerAnswers503WithRetryAfterOneSecond() throws Exception {
        var response = get("/busy");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"code\":\"server_busy\"", "\"retryable\":true");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    }

    @Test
    void a429WithoutItsOwnWaitSaysAMinuteAndOneWithItSaysItsOwnRoundedUp() throws Exception {
        assertThat(get("/locked").headers().firstValue("Retry-After")).hasValue("60");
        assertThat(get("/locked-for-ninety-seconds").headers().firstValue("Retry-After")).hasValue("90");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
