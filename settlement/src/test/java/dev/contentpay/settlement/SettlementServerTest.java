package dev.contentpay.settlement;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.contentpay.platform.config.ConfigException;
import dev.contentpay.platform.config.ConfigSource;
import dev.contentpay.platform.crypto.KeyFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettlementServerTest {

    @TempDir
    Path dir;

    @Test
    void theDefaultsDescribeTheDemoOnOneMachine() {
        SettlementConfig config = SettlementConfig.load(ConfigSource.of("settlement", Map.of()));

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8082);
        assertThat(config.databaseUrl()).isEqualTo("jdbc:sqlite:data/settlement.db");
        assertThat(config.merchantId()).isEqualTo("sakura");
        assertThat(config.authMerchantUrl()).isEqualTo(URI.create("http://127.0.0.1:8091"));
        assertThat(config.authIssuerId()).isEqualTo("demo-issuer");
        assertThat(config.authTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.shopUrl()).isEqualTo(URI.create("http://127.0.0.1:8083"));
        assertThat(config.publicUrl()).isNull();
        assertThat(config.downloadLifetime()).isEqualTo(Duration.ofHours(24));
        assertThat(config.noticeMaxAttempts()).isEqualTo(20);
        assertThat(config.noticePollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.publicKeysFile()).isEqualTo(Path.of("keys/settlement.public.jwks"));
        assertThat(config.linkOnlyWindow()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.abandonAfter()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.adminTokenFile()).isEqualTo(Path.of("keys/settlement-admin.token"));
        assertThat(config.pauseAt()).as("no fault point unless a test asks for one").isNull();
        assertThat(SettlementConfig.describe()).extracting(s -> s.key()).contains("auth.timeout", "public.url", "notice.max-attempts");
    }

    @Test
    void everyBadSettingIsReportedAtOnce() {
        var source = ConfigSource.of("settlement", Map.of("http.port", "eighty", "auth.timeout", "soon",
                "public.url", "ftp://example", "notice.max-attempts", "0", "no.such.key", "x"));

        assertThatThrownBy(() -> SettlementConfig.load(source))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anyMatch(p -> p.startsWith("http.port")).anyMatch(p -> p.startsWith("auth.timeout"))
                        .anyMatch(p -> p.startsWith("public.url")).anyMatch(p -> p.startsWith("notice.max-attempts"))
                        .anyMatch(p -> p.startsWith("no.such.key")));
    }

    @Test
    void settingsThatContradictEachOtherAreReported() {
        var source = ConfigSource.of("settlement", Map.of("download.lifetime", "5m", "download.link-only-window", "10m",
                "purchase.abandon-after", "5s", "fault.pause-at", "sometimes"));

        assertThatThrownBy(() -> SettlementConfig.load(source))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anyMatch(p -> p.startsWith("download.link-only-window")).anyMatch(p -> p.startsWith("purchase.abandon-after"))
                        .anyMatch(p -> p.startsWith("fault.pause-at")));
    }

    @Test
    void theTestOnlyFaultPointsAreNamedAsDocumented() {
        var config = SettlementConfig.load(ConfigSource.of("settlement", Map.of("fault.pause-at", "after-commit")));

        assertThat(config.pauseAt()).isEqualTo(dev.contentpay.settlement.fault.FaultPoints.Point.AFTER_COMMIT);
    }

    @Test
    void aMissingIssuerKeyFileStopsTheStartWithAMessageNamingTheFileAndWhatItShouldHold() {
        var config = SettlementConfig.load(ConfigSource.of("settlement", Map.of(
                "http.port", "0",
                "database.url", dev.contentpay.platform.db.TestDatabases.url(dir, "settlement"),
                "signing.key-file", dir.resolve("keys/settlement.jwk").toString(),
                "auth.keys-file", dir.resolve("keys/auth.public.jwks").toString())));

        assertThatThrownBy(() -> new SettlementServer(config, Clock.systemUTC()).start())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.keys-file")
                .hasMessageContaining(dir.resolve("keys/auth.public.jwks").toAbsolutePath().toString())
                .hasMessageContaining("the issuer's public JWK set");
    }

    @Test
    void theServerPublishesOnlyThePublicHalfOfItsKeyOnTheWebAndBesideTheKeyFile() throws Exception {
        try (Harness harness = Harness.start(dir)) {
            JWKSet published = harness.publishedKeys();

            assertThat(published.getKeys()).hasSize(1);
            JWK key = published.getKeys().getFirst();
            assertThat(key.getKeyID()).isEqualTo("sakura-settlement-1");
            assertThat(key.isPrivate()).isFalse();
            assertThat(KeyFiles.readPublic(dir.resolve("keys/settlement.public.jwks")).getKeys().getFirst().toJSONObject())
                    .isEqualTo(key.toJSONObject());
            assertThat(Files.readString(dir.resolve("keys/settlement.public.jwks"))).doesNotContain("\"d\"");
        }
    }

    @Test
    void theServerListensOnTheFreePortItWasGivenAndDescribesItsApi() {
        try (Harness harness = Harness.start(dir)) {
            assertThat(harness.server.url().getPort()).isPositive().isNotEqualTo(8082);
            assertThat(harness.getText("/health/ready").statusCode()).isEqualTo(200);
            assertThat(harness.getText("/openapi.json").body()).contains("\"/v1/purchases\"", "\"/v1/admin/refunds\"",
                    "\"/v1/admin/outbox/{id}/resend\"", "\"/v1/admin/reconciliation\"", "\"/v1/events\"", "\"/admin\"");
        }
    }

    @Test
    void downloadLinksUseThePublicUrlWhenOneIsConfigured() {
        try (Harness harness = Harness.start(dir, Map.of("public.url", "https://pay.sakura.example/"))) {
            var receipt = harness.settle(harness.sale());

            assertThat(receipt.downloadUrl()).startsWith("https://pay.sakura.example/v1/downloads/" + receipt.settlementId() + "?token=");
        }
    }
}
