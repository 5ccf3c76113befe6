package dev.contentpay.client;

import com.sun.net.httpserver.HttpServer;
import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Multipart;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.ApprovalResponse;
import dev.contentpay.protocol.PurchasingInformation;
import dev.contentpay.protocol.SelectResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How the terminal library takes the content that comes with the receipt: checked against the
 * receipt before it is kept, and downloaded by the link when the receipt came alone. The settlement
 * server here is the JDK's small HTTP server answering fixed bytes, which is all this needs.
 */
class ContentWithReceiptTest {

    private static final byte[] CONTENT = "the content, byte for byte \r\n--not-a-boundary".getBytes(StandardCharsets.UTF_8);

    private HttpServer settlement;
    private final AtomicReference<String> accepted = new AtomicReference<>();
    private final AtomicInteger downloads = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        settlement = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        settlement.createContext("/v1/downloads/stl_1", exchange -> {
            downloads.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, CONTENT.length);
            try (var out = exchange.getResponseBody()) {
                out.write(CONTENT);
            }
        });
        settlement.start();
    }

    @AfterEach
    void stop() {
        settlement.stop(0);
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + settlement.getAddress().getPort());
    }

    private String receipt(byte[] content) {
        return """
                {"settlementId":"stl_1","merchantId":"m-1","orderId":"ord_1","itemId":"wallpaper","title":"Wallpaper",
                 "amount":{"amount":100,"currency":"JPY"},"settledAt":"2026-12-07T00:00:00Z","approvalId":"apr_1",
                 "mediaType":"image/png","size":%d,"contentSha256":"%s","downloadUrl":"%s/v1/downloads/stl_1?token=t",
                 "downloadExpiresAt":"2026-12-08T00:00:00Z"}
                """.formatted(content.length, ClientAssertions.sha256Hex(content), url());
    }

    /** The presentation answered {@code body} with {@code type}; the request's Accept header is kept. */
    private void presentationAnswers(String type, byte[] body) {
        settlement.createContext("/v1/purchases", exchange -> {
            accepted.set(exchange.getRequestHeaders().getFirst("Accept"));
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(201, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }

    private byte[] multipart(String boundary, String receipt, byte[] content) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(Multipart.upToSecondBody(boundary, Map.of("Content-Type", "application/json"), receipt.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "image/png", "Content-Length", Integer.toString(content.length))));
        out.writeBytes(content);
        out.writeBytes(Multipart.closing(boundary));
        return out.toByteArray();
    }

    private ContentpayClient.Purchase complete() {
        var info = new PurchasingInformation("ord_1", "m-1", "wallpaper", "picture", "Wallpaper", Money.of(100, "JPY"), url(),
                Instant.now(), Instant.now().plusSeconds(600), 10);
        var approval = new ApprovalResponse("approval-token", "apr_1", "m-1", "ord_1", Money.of(100, "JPY"), Instant.now().plusSeconds(60), null);
        return new ContentpayClient(URI.create("http://127.0.0.1:1")).complete(new SelectResponse(info, "sealed"), approval);
    }

    @Test
    void theContentThatCameWithTheReceiptIsKeptWithoutADownload() {
        presentationAnswers(Multipart.contentType("b-1"), multipart("b-1", receipt(CONTENT), CONTENT));

        ContentpayClient.Purchase purchase = complete();

        assertThat(purchase.content()).isEqualTo(CONTENT);
        assertThat(purchase.receipt().settlementId()).isEqualTo("stl_1");
        assertThat(accepted.get()).startsWith("multipart/mixed");
        assertThat(downloads).hasValue(0);
    }

    @Test
    void aReceiptThatCameAloneIsFollowedByItsDownload() {
        presentationAnswers("application/json", receipt(CONTENT).getBytes(StandardCharsets.UTF_8));

        assertThat(complete().content()).isEqualTo(CONTENT);
        assertThat(downloads).hasValue(1);
    }

    @Test
    void contentThatIsNotTheReceiptsIsRefusedAndNotKept() {
        byte[] other = "other bytes of the very same length as the content, no more".getBytes(StandardCharsets.UTF_8);
        presentationAnswers(Multipart.contentType("b-2"), multipart("b-2", receipt(CONTENT), other));

        assertThatThrownBy(this::complete).isInstanceOfSatisfying(ContentpayException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CONTENT_MISMATCH));
        assertThat(downloads).hasValue(0);
    }

    @Test
    void aCutMultipartAnswerIsUnavailableSoThePresentationIsRepeated() {
        byte[] whole = multipart("b-3", receipt(CONTENT), CONTENT);
        presentationAnswers(Multipart.contentType("b-3"), java.util.Arrays.copyOf(whole, whole.length - 20));

        assertThatThrownBy(this::complete).isInstanceOfSatisfying(ContentpayException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SETTLEMENT_UNAVAILABLE));
    }
}
