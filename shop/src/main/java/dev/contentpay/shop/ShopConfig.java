package dev.contentpay.shop;

import dev.contentpay.platform.config.ConfigReader;
import dev.contentpay.platform.config.ConfigSource;
import dev.contentpay.platform.id.Ids;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything the shop server needs to start, read once from a {@link ConfigSource}.
 *
 * @param host               the address the HTTP server binds to
 * @param port               the HTTP port; 0 takes any free port (tests, the one-JVM demo)
 * @param databaseUrl        JDBC URL of the shop's own database (orders and idempotency records)
 * @param merchantId         the merchant's id as the issuer registered it; issuer of every seal
 * @param merchantName       the name buyers see
 * @param signingKeyFile     the shop's private EC key; its public set is written beside it
 * @param settlementUrl      the merchant's settlement server, where buyers settle ({@code settleAt})
 * @param settlementKeysFile the public keys of that settlement server, the only caller allowed to
 *                           download contents
 * @param catalogDir         a folder with a catalog.json and its files, or null for the built-in demo
 * @param orderLifetime      how long purchasing information stays valid after it is issued
 * @param publicUrl          the base address buyers reach the shop at, or null for http://host:port
 * @param issuerUrl          the issuer's approval pages (auth's subscriber face) as buyers' browsers
 *                           reach them; the Buy button sends the browser there (docs/WEB.md)
 * @param adminTokenFile     the operator token of the shop's admin API (its signing keys)
 * @param keysRetireAfter    how long a replaced signing key is still published and accepted
 * @param keysMaxAge         how old the current signing key may grow before {@code contentpay doctor} warns
 */
public record ShopConfig(String host, int port, String databaseUrl, String merchantId, String merchantName,
                         Path signingKeyFile, URI settlementUrl, Path settlementKeysFile, Path catalogDir,
                         Duration orderLifetime, URI publicUrl, URI issuerUrl, dev.contentpay.platform.http.RateLimiter.Limits rateLimits,
                         Duration idempotencyRetention, Path adminTokenFile, Duration keysRetireAfter,
                         Duration keysMaxAge, dev.contentpay.platform.crypto.Environment environment,
                         dev.contentpay.platform.http.ManagementPort.Settings management) {

    public static final String SERVER = "shop";

    /** Reads and checks every setting, reporting all problems at once in one {@code ConfigException}. */
    public static ShopConfig load(ConfigSource source) {
        return read(new ConfigReader(source));
    }

    /** Every setting with its default and description, for {@code --describe-config}. */
    public static List<ConfigReader.Setting> settings() {
        var reader = new ConfigReader(ConfigSource.of(SERVER, java.util.Map.of()));
        read(reader);
        return reader.settings();
    }

    private static ShopConfig read(ConfigReader reader) {
        String host = reader.string("http.host", "127.0.0.1", "the address the shop's HTTP server listens on");
        int port = reader.port("http.port", 8083, "the shop's HTTP port; 0 picks any free port");
        String databaseUrl = reader.string("database.url", "jdbc:sqlite:data/shop.db",
                "JDBC URL of the shop's database (SQLite file or jdbc:postgresql:)");
        String merchantId = reader.string("merchant.id", "sakura",
                "the merchant id the issuer registered; it signs the purchasing information as this id");
        String merchantName = reader.string("merchant.name", "Sakura Contents", "the shop's name as buyers see it");
        Path signingKey = reader.path("signing.key-file", "keys/shop.jwk",
                "the shop's private EC signing key (JWK), created on first start; the public set is written beside it as .public.jwks");
        URI settlementUrl = reader.url("settlement.url", "http://127.0.0.1:8082",
                "the merchant's settlement server, where buyers settle (settleAt of the purchasing information)");
        Path settlementKeys = reader.path("settlement.keys-file", "keys/settlement.public.jwks",
                "public JWK set of the merchant's settlement server, the only caller allowed to download contents");
        String catalogDir = reader.string("catalog.dir", "",
                "a folder holding catalog.json and the files it names; empty for the built-in demo catalog");
        Duration orderLifetime = reader.duration("order.lifetime", Duration.ofMinutes(15),
                "how long purchasing information stays valid after the shop issues it");
        String publicUrl = reader.string("public.url", "",
                "the shop's address as buyers reach it, the base of picture links; empty for http://host:port");
        URI issuerUrl = reader.url("issuer.url", "http://127.0.0.1:8081",
                "the issuer's approval pages (auth's subscriber face) as buyers' browsers reach them; Buy sends the browser there");
        var rateLimits = dev.contentpay.platform.http.RateLimiter.Limits.read(reader, 600, "the shop (its API and pages)");

        Duration idempotencyRetention = dev.contentpay.platform.http.Idempotency.retention(reader);
        Path adminTokenFile = reader.path("admin.token-file", "keys/shop-admin.token",
                "the operator token (created on first start, readable by its owner only); the shop's admin API (its keys) takes it as a Bearer token");
        Duration keysRetireAfter = dev.contentpay.platform.crypto.KeyRing.retireAfter(reader);
        Duration keysMaxAge = dev.contentpay.platform.crypto.KeyRing.maxAge(reader);
        var environment = dev.contentpay.platform.crypto.Environment.read(reader, "shop, whose seals only a sandbox issuer and settlement server accept");
        var management = dev.contentpay.platform.http.ManagementPort.Settings.read(reader);

        reader.check(merchantId == null || (Ids.isWellFormed(merchantId) && merchantId.length() <= 64),
                "merchant.id must be 1 to 64 letters, digits, '.', '_' or '-', not '" + merchantId + "'");
        reader.check(merchantName == null || !merchantName.isBlank(), "merchant.name must not be empty");
        reader.check(databaseUrl == null || databaseUrl.startsWith("jdbc:"),
                "database.url must be a JDBC URL starting with jdbc:, not '" + databaseUrl + "'");
        URI parsedPublicUrl = parsePublicUrl(reader, publicUrl);
        reader.validate();
        return new ShopConfig(host, port, databaseUrl, merchantId, merchantName, signingKey, settlementUrl,
                settlementKeys, catalogDir.isBlank() ? null : Path.of(catalogDir.trim()), orderLifetime, parsedPublicUrl, withoutTrailingSlash(issuerUrl),
                rateLimits, idempotencyRetention, adminTokenFile, keysRetireAfter, keysMaxAge, environment, management);
    }

    /** An empty public.url means "wherever the server ends up listening", known only after start. */
    private static URI parsePublicUrl(ConfigReader reader, String raw) {
        if (raw == null || raw.isBlank()) return null;
        String trimmed = raw.trim();
        try {
            URI uri = URI.create(trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
            boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            reader.check(web && uri.getHost() != null && uri.getQuery() == null && uri.getFragment() == null,
                    "public.url must be an http or https URL without query or fragment, not '" + raw + "'");
            return uri;
        } catch (IllegalArgumentException e) {
            reader.check(false, "public.url must be an http or https URL, not '" + raw + "'");
            return null;
        }
    }

    /** Links are made by appending a path, so a base given as {@code https://issuer.example/} must lose its slash. */
    private static URI withoutTrailingSlash(URI uri) {
        if (uri == null) return null;
        String text = uri.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
    }

    /** Where the public half of the signing key is written: {@code shop.jwk} gives {@code shop.public.jwks}. */
    public Path publicKeysFile() {
        String name = signingKeyFile.getFileName().toString();
        String stem = name.endsWith(".jwk") ? name.substring(0, name.length() - ".jwk".length()) : name;
        return signingKeyFile.resolveSibling(stem + ".public.jwks");
    }

    /** The key id of the shop's signing key; it names the merchant so that logs and key sets read plainly. */
    public String signingKeyId() {
        return merchantId + "-shop-1";
    }

    /** The audience settlement's client assertions must name when they download contents. */
    public String contentAudience() {
        return merchantId + "-shop";
    }
}
