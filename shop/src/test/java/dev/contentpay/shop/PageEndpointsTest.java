package dev.contentpay.shop;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PageEndpointsTest {

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
    void theCatalogPageListsEveryItemUnderAStrictContentSecurityPolicy() {
        var response = shop.get("/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(response.headers().firstValue("Content-Security-Policy")).hasValue(
                "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
        String html = TestShop.text(response);
        assertThat(html).startsWith("<!DOCTYPE html>")
                .contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .contains(TestShop.demoEntries().stream().map(e -> escaped((String) e.get("title"))).toList())
                .doesNotContain("<script", "src=\"http", "href=\"http", "src=\"//", "href=\"//")
                .doesNotContainPattern("\\sstyle=");
    }

    @Test
    void theCatalogPageShowsPicturesAndPricesInYen() {
        String html = TestShop.text(shop.get("/"));

        String title = escaped((String) TestShop.demoEntry("ebook").get("title"));

        assertThat(html).contains("<img class=\"picture\" src=\"/pictures/ebook\" alt=\"Picture of " + title + "\"")
                .contains("¥100", "¥150", "¥500", "¥800", "¥1,200");
    }

    @Test
    void theCatalogPageTellsHowToBuyWithTheTerminal() {
        String html = TestShop.text(shop.get("/"));

        assertThat(html).contains("contentpay buy --shop " + shop.url() + " game");
    }

    @Test
    void theCatalogPageCanBeLimitedToOneGenre() {
        String html = TestShop.text(shop.get("/?genre=music"));

        assertThat(html).contains(escaped((String) TestShop.demoEntry("ringtone").get("title")))
                .doesNotContain(escaped((String) TestShop.demoEntry("game").get("title")));
        assertThat(html).contains("<a href=\"/?genre=music\" aria-current=\"page\">music</a>");
    }

    /** Titles as the page writes them: HTML-escaped. */
    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&#34;").replace("'", "&#39;");
    }

    @Test
    void theStyleSheetIsServedFromTheShopItself() {
        var response = shop.get("/assets/shop.css");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
        assertThat(TestShop.text(response)).contains(".items");
    }
}
