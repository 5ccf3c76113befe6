package dev.contentpay.shop;

import com.nimbusds.jose.jwk.JWKSet;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.crypto.TokenVerifier;
import dev.contentpay.platform.error.Problem;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.PurchasingInfoSeal;
import dev.contentpay.protocol.PurchasingInformation;
import dev.contentpay.protocol.SelectResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class OrderEndpointsTest {

    @TempDir
    static Path dir;
    static TestShop shop;

    @BeforeAll
    static void start() {
        shop = TestShop.start(dir);
    }

    @AfterAll
    static void stop() {
        shop.close();
    }

    private static String newKey() {
        return UUID.randomUUID().toString();
    }

    @Test
    void selectingAnItemReturnsPurchasingInformationAtTheCatalogPrice() {
        var response = shop.postOrder(newKey(), "{\"itemId\":\"ebook\"}");

        assertThat(response.statusCode()).isEqualTo(201);
        PurchasingInformation info = TestShop.json(response, SelectResponse.class).purchase();
        assertThat(info.orderId()).startsWith("ord_");
        assertThat(info.merchantId()).isEqualTo("sakura");
        assertThat(info.itemId()).isEqualTo("ebook");
        assertThat(info.kind()).isEqualTo(TestShop.demoEntry("ebook").get("kind"));
        assertThat(info.title()).isEqualTo(TestShop.demoEntry("ebook").get("title"));
        assertThat(info.price()).isEqualTo(Money.of(800, "JPY"));
        assertThat(info.settleAt()).isEqualTo(URI.create("http://127.0.0.1:8082"));
        assertThat(Duration.between(info.issuedAt(), info.expiresAt())).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void theSealOpensWithTheShopsPublishedKeyAndSaysWhatTheClearInformationSays() throws Exception {
        SelectResponse selected = TestShop.json(shop.postOrder(newKey(), "{\"itemId\":\"video\"}"), SelectResponse.class);
        JWKSet published = JWKSet.parse(TestShop.text(shop.get("/v1/keys")));
        JWKSet written = KeyFiles.readPublic(dir.resolve("keys/shop.public.jwks"));

        for (JWKSet keys : new JWKSet[]{published, written}) {
            PurchasingInformation opened = PurchasingInfoSeal.open(TokenVerifier.forIssuer("sakura", keys, Clock.systemUTC()), selected.sealed());
            assertThat(opened).isEqualTo(selected.purchase());
            assertThat(opened.price()).isEqualTo(Money.of(1200, "JPY"));
        }
    }

    @Test
    void repeatingASelectionWithTheSameIdempotencyKeyReturnsTheSameOrder() {
        String key = newKey();

        var first = shop.postOrder(key, "{\"itemId\":\"game\"}");
        var again = shop.postOrder(key, "{\"itemId\":\"game\"}");

        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(TestShop.json(again, SelectResponse.class).purchase().orderId())
                .isEqualTo(TestShop.json(first, SelectResponse.class).purchase().orderId());
    }

    @Test
    void differentIdempotencyKeysMakeDifferentOrders() {
        var first = TestShop.json(shop.postOrder(newKey(), "{\"itemId\":\"game\"}"), SelectResponse.class);
        var second = TestShop.json(shop.postOrder(newKey(), "{\"itemId\":\"game\"}"), SelectResponse.class);

        assertThat(second.purchase().orderId()).isNotEqualTo(first.purchase().orderId());
    }

    @Test
    void reusingAnIdempotencyKeyForAnotherSelectionIsRefusedWithIdempotencyKeyReused() {
        String key = newKey();
        shop.postOrder(key, "{\"itemId\":\"game\"}");

        var response = shop.postOrder(key, "{\"itemId\":\"ringtone\"}");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(TestShop.problem(response).code()).isEqualTo("idempotency_key_reused");
    }

    @Test
    void selectingAnUnknownItemIsRefusedWithUnknownItem() {
        var response = shop.postOrder(newKey(), "{\"itemId\":\"sofa\"}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        Problem problem = TestShop.problem(response);
        assertThat(problem.code()).isEqualTo("unknown_item");
        assertThat(problem.retryable()).isFalse();
    }

    @Test
    void malformedJsonIsRefusedWithValidationFailed() {
        var response = shop.postOrder(newKey(), "{\"itemId\": ");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(TestShop.problem(response).code()).isEqualTo("validation_failed");
    }

    @Test
    void anUnknownFieldIsRefusedWithValidationFailedNamingTheField() {
        var response = shop.postOrder(newKey(), "{\"itemId\":\"game\",\"price\":1}");

        assertThat(response.statusCode()).isEqualTo(400);
        Problem problem = TestShop.problem(response);
        assertThat(problem.code()).isEqualTo("validation_failed");
        assertThat(problem.errors()).extracting(Problem.FieldError::field).containsExactly("price");
    }

    @Test
    void aMalformedItemIdIsRefusedWithValidationFailed() {
        var response = shop.postOrder(newKey(), "{\"itemId\":\"../etc/passwd\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(TestShop.problem(response).code()).isEqualTo("validation_failed");
    }

    @Test
    void aSelectionWithoutIdempotencyKeyIsRefused() {
        var response = shop.postOrder(null, "{\"itemId\":\"game\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(TestShop.problem(response).code()).isEqualTo("idempotency_key_missing");
    }
}
