package dev.contentpay.shop;

import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.crypto.TokenSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ContentEndpointsTest {

    @TempDir
    Path dir;

    @Test
    void aContentDownloadWithoutAssertionIsRefusedWithClientUnauthenticated() {
        try (var shop = TestShop.start(dir)) {
            var response = shop.get("/v1/contents/ebook");

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(TestShop.problem(response).code()).isEqualTo("client_unauthenticated");
        }
    }

    @Test
    void settlementDownloadsTheExactBytesOfEveryItemWithTheirHash() {
        try (var shop = TestShop.start(dir)) {
            for (Map<String, Object> entry : TestShop.demoEntries()) {
                byte[] expected = TestShop.demoFile((String) entry.get("contentFile"));

                var response = shop.downloadAsSettlement((String) entry.get("id"));

                assertThat(response.statusCode()).as((String) entry.get("id")).isEqualTo(200);
                assertThat(response.body()).isEqualTo(expected);
                assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith((String) entry.get("mediaType")));
                assertThat(response.headers().firstValue("X-Content-SHA256")).hasValue(ClientAssertions.sha256Hex(expected));
                assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(expected.length);
            }
        }
    }

    @Test
    void contentIsNeverCompressedEvenWhenTheCallerAcceptsGzip() {
        try (var shop = TestShop.start(dir)) {
            String path = "/v1/contents/game";
            var response = shop.get(path, "Authorization", "Bearer " + shop.assertion(shop.settlement, path), "Accept-Encoding", "gzip");

            assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(response.body()).isEqualTo(TestShop.demoFile((String) TestShop.demoEntry("game").get("contentFile")));
        }
    }

    @Test
    void anAssertionSignedByAnotherKeyIsRefused() {
        try (var shop = TestShop.start(dir)) {
            var stranger = new TokenSigner(KeyFiles.generate("sakura-settlement-1"));
            String path = "/v1/contents/ebook";

            var response = shop.get(path, "Authorization", "Bearer " + shop.assertion(stranger, path));

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(TestShop.problem(response).code()).isEqualTo("client_unauthenticated");
        }
    }

    @Test
    void anAssertionMadeForAnotherItemIsRefused() {
        try (var shop = TestShop.start(dir)) {
            var response = shop.get("/v1/contents/video", "Authorization", "Bearer " + shop.assertion(shop.settlement, "/v1/contents/wallpaper"));

            assertThat(response.statusCode()).isEqualTo(401);
        }
    }

    @Test
    void anAssertionForAnotherAudienceIsRefused() {
        try (var shop = TestShop.start(dir)) {
            String path = "/v1/contents/ebook";
            String forAuth = ClientAssertions.create(shop.settlement, "sakura", "auth", "GET", path, new byte[0], Clock.systemUTC());

            var response = shop.get(path, "Authorization", "Bearer " + forAuth);

            assertThat(response.statusCode()).isEqualTo(401);
        }
    }

    @Test
    void anExpiredAssertionIsRefused() {
        try (var shop = TestShop.start(dir)) {
            String path = "/v1/contents/ebook";
            Clock tenMinutesAgo = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10));
            String old = ClientAssertions.create(shop.settlement, "sakura", "sakura-shop", "GET", path, new byte[0], tenMinutesAgo);

            var response = shop.get(path, "Authorization", "Bearer " + old);

            assertThat(response.statusCode()).isEqualTo(401);
        }
    }

    @Test
    void anUnknownItemIsRefusedOnlyAfterTheCallerIsAuthenticated() {
        try (var shop = TestShop.start(dir)) {
            assertThat(shop.get("/v1/contents/sofa").statusCode()).isEqualTo(401);

            var response = shop.downloadAsSettlement("sofa");

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(TestShop.problem(response).code()).isEqualTo("unknown_item");
        }
    }

    @Test
    void settlementKeysThatAppearAfterTheShopStartedAreUsed() {
        try (var shop = TestShop.start(dir, Map.of(), false)) {
            assertThat(shop.downloadAsSettlement("ringtone").statusCode()).isEqualTo(401);

            KeyFiles.writePublic(TestShop.settlementKeysFile(dir), List.of(shop.settlement.publicKey()));

            assertThat(shop.downloadAsSettlement("ringtone").statusCode()).isEqualTo(200);
        }
    }
}
