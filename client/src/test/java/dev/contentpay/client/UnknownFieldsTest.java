package dev.contentpay.client;

import com.sun.net.httpserver.HttpServer;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.money.Money;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A server of a later version adds fields to its answers; a client deployed before must read them
 * as it did. The shop here is the JDK's own small HTTP server answering fixed documents, which is
 * all this needs: what is checked is the client's reading, not the shop.
 */
class UnknownFieldsTest {

    private HttpServer shop;

    @BeforeEach
    void start() throws IOException {
        shop = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        answer("/v1/catalog", 200, "application/json", """
                {"merchantId":"m-1","merchantName":"Shop","loyaltyProgramme":{"points":true},
                 "items":[{"id":"ebook","title":"Ebook","genre":"book","kind":"download","description":"A book",
                           "price":{"amount":1200,"currency":"JPY","taxIncluded":true},"pictureUrl":"/p/ebook.png",
                           "mediaType":"application/epub+zip","size":10,"contentSha256":"abc","ageRating":"all"}]}
                """);
        shop.start();
    }

    @AfterEach
    void stop() {
        shop.stop(0);
    }

    private void answer(String path, int status, String type, String body) {
        shop.createContext(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(status, bytes.length);
            try (var out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
    }

    private URI shopUri() {
        return URI.create("http://127.0.0.1:" + shop.getAddress().getPort());
    }

    @Test
    void anAnswerWithFieldsTheClientDoesNotKnowIsReadAsBefore() {
        var catalog = new ContentpayClient(URI.create("http://127.0.0.1:1")).catalog(shopUri());

        assertThat(catalog.merchantName()).isEqualTo("Shop");
        assertThat(catalog.items()).singleElement().satisfies(item -> {
            assertThat(item.id()).isEqualTo("ebook");
            assertThat(item.price()).isEqualTo(Money.of(1200, "JPY"));
        });
    }

    @Test
    void aProblemWithMembersTheClientDoesNotKnowKeepsItsCode() {
        answer("/v1/orders", 404, "application/problem+json", """
                {"type":"about:blank","title":"No such item","status":404,"detail":"The shop has no such item.",
                 "code":"unknown_item","retryable":false,"instance":"/v1/orders","supportReference":"r-1"}
                """);

        assertThatThrownBy(() -> new ContentpayClient(URI.create("http://127.0.0.1:1")).select(shopUri(), "nothing"))
                .isInstanceOfSatisfying(ContentpayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_ITEM));
    }
}
