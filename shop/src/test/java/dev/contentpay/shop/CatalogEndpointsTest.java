package dev.contentpay.shop;

import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.Catalog;
import dev.contentpay.protocol.CatalogItem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

class CatalogEndpointsTest {

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

    @Test
    void catalogListsTheFiveDemoItemsAtTheirPrices() {
        var response = shop.get("/v1/catalog");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        Catalog catalog = TestShop.json(response, Catalog.class);
        assertThat(catalog.merchantId()).isEqualTo("sakura");
        assertThat(catalog.merchantName()).isEqualTo("Sakura Contents");
        assertThat(catalog.items()).extracting(CatalogItem::id, CatalogItem::price).containsExactly(
                tuple("wallpaper", Money.of(100, "JPY")),
                tuple("ringtone", Money.of(150, "JPY")),
                tuple("game", Money.of(500, "JPY")),
                tuple("ebook", Money.of(800, "JPY")),
                tuple("video", Money.of(1200, "JPY")));
    }

    @Test
    void everyCatalogItemCarriesTheSizeAndSha256OfItsContentFile() {
        Map<String, CatalogItem> items = TestShop.json(shop.get("/v1/catalog"), Catalog.class).items().stream()
                .collect(Collectors.toMap(CatalogItem::id, Function.identity()));

        for (Map<String, Object> entry : TestShop.demoEntries()) {
            byte[] bytes = TestShop.demoFile((String) entry.get("contentFile"));
            CatalogItem item = items.get((String) entry.get("id"));
            assertThat(item.contentSha256()).as(item.id()).isEqualTo(ClientAssertions.sha256Hex(bytes));
            assertThat(item.size()).as(item.id()).isEqualTo(bytes.length);
            assertThat(item.mediaType()).as(item.id()).isEqualTo(entry.get("mediaType"));
            assertThat(item.title()).as(item.id()).isEqualTo(entry.get("title"));
        }
    }

    @Test
    void catalogItemsLinkToTheirPicturesOnTheShop() {
        Catalog catalog = TestShop.json(shop.get("/v1/catalog"), Catalog.class);

        assertThat(catalog.items()).allSatisfy(item ->
                assertThat(item.pictureUrl()).isEqualTo(shop.url() + "/pictures/" + item.id()));
    }

    @Test
    void catalogCanBeLimitedToOneGenre() {
        Catalog books = TestShop.json(shop.get("/v1/catalog?genre=BOOKS"), Catalog.class);
        Catalog none = TestShop.json(shop.get("/v1/catalog?genre=furniture"), Catalog.class);

        assertThat(books.items()).extracting(CatalogItem::id).containsExactly("ebook");
        assertThat(none.items()).isEmpty();
    }

    @Test
    void picturesAreServedAsCacheablePngs() {
        var response = shop.get("/pictures/game");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, max-age=86400");
        assertThat(response.body()).isEqualTo(TestShop.demoFile((String) TestShop.demoEntry("game").get("picture")));
    }

    @Test
    void anUnknownPictureIsAnUnknownItemProblem() {
        var response = shop.get("/pictures/sofa");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(TestShop.problem(response).code()).isEqualTo("unknown_item");
    }

    @Test
    void publicKeysAreServedWithoutAnyPrivatePart() {
        var response = shop.get("/v1/keys");

        assertThat(response.statusCode()).isEqualTo(200);
        String body = TestShop.text(response);
        assertThat(body).contains("\"keys\"").contains("\"kid\":\"sakura-shop-1\"").contains("\"x\"").doesNotContain("\"d\"");
    }

    @Test
    void theApiIsDescribedAtOpenapiJson() {
        var response = shop.get("/openapi.json");

        assertThat(response.statusCode()).isEqualTo(200);
        var document = TestShop.json(response, com.fasterxml.jackson.databind.JsonNode.class);
        assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(document.path("paths").fieldNames()).toIterable().contains("/v1/catalog", "/v1/orders", "/v1/contents/{itemId}", "/v1/keys");
    }
}
