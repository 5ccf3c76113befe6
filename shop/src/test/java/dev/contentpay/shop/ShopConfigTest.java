package dev.contentpay.shop;

import dev.contentpay.platform.config.ConfigException;
import dev.contentpay.platform.config.ConfigSource;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShopConfigTest {

    @Test
    void everySettingHasADefault() {
        ShopConfig config = ShopConfig.load(ConfigSource.of("shop", Map.of()));

        assertThat(config).isEqualTo(new ShopConfig("127.0.0.1", 8083, "jdbc:sqlite:data/shop.db", "sakura", "Sakura Contents",
                Path.of("keys/shop.jwk"), URI.create("http://127.0.0.1:8082"), Path.of("keys/settlement.public.jwks"), null,
                Duration.ofMinutes(15), null, URI.create("http://127.0.0.1:8081"),
                new dev.contentpay.platform.http.RateLimiter.Limits(600, 100_000), Duration.ofHours(24),
                Path.of("keys/shop-admin.token"), Duration.ofHours(1), Duration.ofDays(365),
                dev.contentpay.platform.crypto.Environment.LIVE, dev.contentpay.platform.http.ManagementPort.Settings.OFF));
        assertThat(config.publicKeysFile()).isEqualTo(Path.of("keys/shop.public.jwks"));
        assertThat(config.contentAudience()).isEqualTo("sakura-shop");
    }

    @Test
    void everySettingIsDescribed() {
        assertThat(ShopConfig.settings()).extracting(s -> s.key()).containsExactly("http.host", "http.port", "database.url",
                "merchant.id", "merchant.name", "signing.key-file", "settlement.url", "settlement.keys-file", "catalog.dir",
                "order.lifetime", "public.url", "issuer.url", "rate-limit.per-minute", "rate-limit.max-addresses", "idempotency.retention",
                "admin.token-file", "keys.retire-after", "keys.max-age", "sandbox", "management.host", "management.port");
        assertThat(ShopConfig.settings()).allSatisfy(s -> assertThat(s.description()).isNotBlank());
    }

    @Test
    void valuesAreReadWithTheirUnits() {
        ShopConfig config = ShopConfig.load(ConfigSource.of("shop", Map.of("order.lifetime", "5m",
                "public.url", "https://shop.example/", "catalog.dir", "/srv/catalog", "issuer.url", "https://pay.carrier.example/")));

        assertThat(config.orderLifetime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.publicUrl()).isEqualTo(URI.create("https://shop.example"));
        assertThat(config.catalogDir()).isEqualTo(Path.of("/srv/catalog"));
        assertThat(config.issuerUrl()).isEqualTo(URI.create("https://pay.carrier.example"));
    }

    @Test
    void everyBadValueIsReportedAtOnce() {
        var source = ConfigSource.of("shop", Map.of("http.port", "99999", "merchant.id", "sakura shop",
                "order.lifetime", "soon", "settlement.url", "ftp://x", "public.url", "nope", "colour", "pink"));

        assertThatThrownBy(() -> ShopConfig.load(source)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).hasSize(6).anySatisfy(p -> assertThat(p).startsWith("colour is not a setting of shop")));
    }

    /** Issue 13, item 13: the merchant id goes into 64-character columns, so a longer one is refused at start, not a 500 later. */
    @Test
    void aMerchantIdLongerThanSixtyFourIsRefusedAndAnIdempotencyRetentionUnderFiveMinutesToo() {
        assertThat(ShopConfig.load(ConfigSource.of("shop", Map.of("merchant.id", "m".repeat(64)))).merchantId()).hasSize(64);
        var source = ConfigSource.of("shop", Map.of("merchant.id", "m".repeat(65), "idempotency.retention", "1m"));

        assertThatThrownBy(() -> ShopConfig.load(source)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).hasSize(2).anySatisfy(p -> assertThat(p).startsWith("merchant.id must be 1 to 64"))
                        .anySatisfy(p -> assertThat(p).startsWith("idempotency.retention must be at least 5 minutes")));
    }
}
