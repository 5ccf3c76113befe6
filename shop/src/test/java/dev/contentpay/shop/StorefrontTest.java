package dev.contentpay.shop;

import com.nimbusds.jose.jwk.JWKSet;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.crypto.TokenVerifier;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.PurchasingInfoSeal;
import dev.contentpay.protocol.PurchasingInformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The storefront for browsers: item pages and the Buy button that hands the buyer to the issuer. */
class StorefrontTest {

    static final String ISSUER = "http://issuer.test:9081";

    @TempDir
    static Path dir;
    static TestShop shop;

    @BeforeAll
    static void start() {
        shop = TestShop.start(dir, Map.of("issuer.url", ISSUER + "/"), true);
    }

    @AfterAll
    static void stop() {
        shop.close();
    }

    @Test
    void anItemPageShowsPicturePriceAndABuyFormThatMayLeadOnlyToTheIssuer() {
        var response = shop.get("/items/ebook");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'self'; img-src 'self'; "
                + "style-src 'self'; script-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self' " + ISSUER);
        String html = TestShop.text(response);
        assertThat(html).contains("<html lang=\"en\">", "src=\"/pictures/ebook\"", "¥800", "<h1>Tales of the Sakura Road</h1>",
                "<form class=\"buy-form\" method=\"post\" action=\"/items/ebook/buy\">", "name=\"csrf\"", "Buy for ¥800")
                .doesNotContain("<script", "style=");
    }

    @Test
    void anUnknownItemIsAPageForTheBrowserAndTheApiStillAnswersProblems() {
        var page = shop.get("/items/no-such-item");
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(TestShop.text(page)).contains("<html lang=\"en\">").doesNotContain("\"code\"");

        var api = shop.get("/v1/no-such-route");
        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(api.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(TestShop.text(api)).contains("\"code\":\"not_found\"");
    }

    @Test
    void theFormCookieIsHttpOnlyAndLaxAndSecureOnlyOverHttps() {
        String plain = shop.get("/items/ebook").headers().firstValue("Set-Cookie").orElseThrow();
        String behindTls = shop.get("/items/ebook", "X-Forwarded-Proto", "https").headers().firstValue("Set-Cookie").orElseThrow();

        assertThat(plain).startsWith("cp_shop_csrf=").contains("HttpOnly", "SameSite=Lax").doesNotContain("Secure");
        assertThat(behindTls).startsWith("__Host-cp_shop_csrf=").contains("HttpOnly", "SameSite=Lax", "Secure", "Path=/");
    }

    @Test
    void buySendsTheBrowserToTheIssuersApprovalPageWithTheSealedPurchasingInformation() throws Exception {
        var form = Form.of(shop.get("/items/ebook"));

        var response = form.post("/items/ebook/buy", "same-origin");

        assertThat(response.statusCode()).isEqualTo(303);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(ISSUER + "/approve?purchase=");
        String sealed = URLDecoder.decode(location.substring(location.indexOf('=') + 1), StandardCharsets.UTF_8);
        JWKSet keys = KeyFiles.readPublic(dir.resolve("keys/shop.public.jwks"));
        PurchasingInformation info = PurchasingInfoSeal.open(TokenVerifier.forIssuer("sakura", keys, Clock.systemUTC()), sealed);
        assertThat(info.itemId()).isEqualTo("ebook");
        assertThat(info.price()).isEqualTo(Money.of(800, "JPY"));
        assertThat(info.settleAt()).isEqualTo(URI.create("http://127.0.0.1:8082"));
    }

    @Test
    void pressingBuyTwiceOnOnePageMakesOneOrder() {
        var form = Form.of(shop.get("/items/game"));

        String first = form.post("/items/game/buy", "same-origin").headers().firstValue("Location").orElseThrow();
        String second = form.post("/items/game/buy", "same-origin").headers().firstValue("Location").orElseThrow();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void aBuyWithoutTheRightFormTokenIsRefusedWithASentence() {
        var form = Form.of(shop.get("/items/ebook"));

        var response = form.withToken("forged").post("/items/ebook/buy", "same-origin");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(TestShop.text(response)).contains("This Buy button has expired or did not come from this shop").doesNotContain("Exception");
    }

    @Test
    void aBuyPostedFromAnotherSiteIsRefusedEvenWithTheToken() {
        var form = Form.of(shop.get("/items/ebook"));

        assertThat(form.post("/items/ebook/buy", "cross-site").statusCode()).isEqualTo(403);
    }

    @Test
    void anUnknownItemGetsAPlainPage() {
        var response = shop.get("/items/no-such-thing");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(TestShop.text(response)).contains("The shop has no such item.", "<h1>No such item</h1>");
    }

    @Test
    void theItemPageSaysHowTheCheckoutEndedInItsOwnWordsOnly() {
        assertThat(TestShop.text(shop.get("/items/ebook?outcome=cancelled"))).contains("You cancelled the purchase. Nothing was charged.");
        assertThat(TestShop.text(shop.get("/items/ebook?outcome=%3Cb%3Ehello"))).doesNotContain("hello", "role=\"status\"", "role=\"alert\"");
    }

    @Test
    void theCatalogLinksEveryItemToItsPage() {
        assertThat(TestShop.text(shop.get("/"))).contains("<a href=\"/items/wallpaper\">", "<a href=\"/items/video\">");
    }

    /** The Buy form of one page view, as a browser would post it back. */
    record Form(String cookie, String csrf, String key) {

        private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

        static Form of(HttpResponse<byte[]> page) {
            String cookie = page.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            String html = TestShop.text(page);
            return new Form(cookie, field(html, "csrf"), field(html, "key"));
        }

        Form withToken(String token) {
            return new Form(cookie, token, key);
        }

        HttpResponse<byte[]> post(String path, String fetchSite) {
            String body = "csrf=" + csrf + "&key=" + key;
            var request = HttpRequest.newBuilder(shop.url().resolve(path)).header("Cookie", cookie)
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Sec-Fetch-Site", fetchSite)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            try {
                return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static String field(String html, String name) {
            Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]+)\"").matcher(html);
            if (!m.find()) throw new AssertionError("no field " + name + " in " + html);
            return m.group(1);
        }
    }
}
