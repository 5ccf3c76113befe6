package dev.contentpay.settlement;

import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.http.Multipart;
import dev.contentpay.protocol.PurchaseRequest;
import dev.contentpay.protocol.Receipt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The content in the answer to the purchase that settled it, when the terminal accepts multipart/mixed. */
class InlineContentTest {

    private static final String ACCEPT = "multipart/mixed, application/json;q=0.9";

    @TempDir
    Path dir;
    Harness harness;

    @AfterEach
    void stop() {
        if (harness != null) harness.close();
    }

    private HttpResponse<byte[]> purchase(String key, Sale sale, String accept) throws Exception {
        var builder = HttpRequest.newBuilder(harness.server.url().resolve("/v1/purchases"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(new PurchaseRequest(sale.approvalToken(), sale.sealed()))));
        if (accept != null) builder.header("Accept", accept);
        return Harness.HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void theReceiptAndTheExactBytesComeInOneAnswerAndARepeatGetsTheReceiptAlone() throws Exception {
        harness = Harness.start(dir);
        Sale sale = harness.sale();

        HttpResponse<byte[]> first = purchase("inline-1", sale, ACCEPT);

        assertThat(first.statusCode()).isEqualTo(201);
        String type = first.headers().firstValue("Content-Type").orElseThrow();
        String boundary = Multipart.boundaryOf(type);
        assertThat(boundary).as(type).isNotNull();
        assertThat(first.headers().firstValueAsLong("Content-Length")).hasValue(first.body().length);
        List<Multipart.Part> parts = Multipart.read(first.body(), boundary);
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).header("Content-Type")).isEqualTo("application/json");
        Receipt receipt = Json.read(parts.get(0).body(), Receipt.class);
        assertThat(receipt.settlementId()).startsWith("stl_");
        assertThat(receipt.contentSha256()).isEqualTo(harness.shop.contentSha256());
        Multipart.Part content = parts.get(1);
        assertThat(content.body()).isEqualTo(harness.shop.contentBytes());
        assertThat(content.header("Content-Type")).isEqualTo("image/png");
        assertThat(content.header("Content-Length")).isEqualTo(Long.toString(receipt.size()));
        assertThat(content.header("X-Content-SHA256")).isEqualTo(receipt.contentSha256());
        assertThat(content.header("Content-Disposition")).isEqualTo("attachment; filename=\"wallpaper.png\"");

        HttpResponse<byte[]> again = purchase("inline-1", sale, ACCEPT);

        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(again.body()).as("the kept answer, byte for byte").isEqualTo(parts.get(0).body());
        assertThat(harness.auth.judgeCalls).hasValue(1);
        assertThat(harness.count("SELECT COUNT(*) FROM settlement")).isEqualTo(1);
        // The receipt's link still delivers, as for a receipt that came alone.
        assertThat(harness.get(receipt.downloadUrl()).body()).isEqualTo(harness.shop.contentBytes());
    }

    @Test
    void aTerminalThatDoesNotAcceptMultipartGetsTheReceiptAlone() throws Exception {
        harness = Harness.start(dir);

        for (String accept : new String[]{null, "application/json", "*/*", "multipart/mixed;q=0"}) {
            HttpResponse<byte[]> answer = purchase("plain-" + accept, harness.sale(), accept);

            assertThat(answer.statusCode()).isEqualTo(201);
            assertThat(answer.headers().firstValue("Content-Type")).as(String.valueOf(accept))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            assertThat(Json.read(answer.body(), Receipt.class).settlementId()).startsWith("stl_");
        }
    }

    @Test
    void aContentLargerThanTheSettingGoesByTheReceiptsLink() throws Exception {
        harness = Harness.start(dir, Map.of("download.inline-at-most", "100"));

        HttpResponse<byte[]> answer = purchase("large-1", harness.sale(), ACCEPT);

        assertThat(answer.statusCode()).isEqualTo(201);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        Receipt receipt = Json.read(answer.body(), Receipt.class);
        assertThat(receipt.size()).isGreaterThan(100);
        assertThat(harness.get(receipt.downloadUrl()).body()).isEqualTo(harness.shop.contentBytes());
    }

    @Test
    void aRefusalIsAProblemWhateverTheTerminalAccepts() throws Exception {
        harness = Harness.start(dir);
        Sale sale = harness.sale();
        purchase("first", sale, ACCEPT);

        HttpResponse<byte[]> second = purchase("second", sale, ACCEPT);

        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    }
}
