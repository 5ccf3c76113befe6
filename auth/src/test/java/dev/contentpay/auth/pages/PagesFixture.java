package dev.contentpay.auth.pages;

import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.JWKSet;
import dev.contentpay.auth.AuthConfig;
import dev.contentpay.auth.AuthServer;
import dev.contentpay.auth.subscriber.Registration;
import dev.contentpay.auth.subscriber.Subscriber;
import dev.contentpay.platform.config.ConfigSource;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.crypto.TokenSigner;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.PurchasingInfoSeal;
import dev.contentpay.protocol.PurchasingInformation;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real auth server on free ports over SQLite in a temporary folder, with one registered merchant
 * whose key seals purchasing information that settles at {@link #SETTLE_AT}. No bureau runs: test
 * subscribers have no bureau reference and the fallback decides on auth's own data.
 */
final class PagesFixture implements AutoCloseable {

    static final String MERCHANT = "testshop";
    static final String PASSWORD = "correct horse battery";
    static final String PIN = "1234";
    static final URI SETTLE_AT = URI.create("http://settle.test:8443/");
    private static final AtomicInteger SUBSCRIBERS = new AtomicInteger();

    final AuthServer server;
    private final TokenSigner merchant;

    private PagesFixture(AuthServer server, TokenSigner merchant) {
        this.server = server;
        this.merchant = merchant;
    }

    static PagesFixture start(Path dir) {
        return start(dir, Map.of());
    }

    /** With {@code settings} beside the fixture's own (a billing zone, a registration number). */
    static PagesFixture start(Path dir, Map<String, String> settings) {
        var values = new java.util.HashMap<>(Map.ofEntries(
                Map.entry("http.port", Integer.toString(freePort())), Map.entry("merchant.port", Integer.toString(freePort())),
                Map.entry("admin.port", Integer.toString(freePort())), Map.entry("database.url", dev.contentpay.platform.db.TestDatabases.url(dir, "auth")),
                Map.entry("signing.key-file", dir.resolve("keys/auth.jwk").toString()),
                Map.entry("pseudonym.secret-file", dir.resolve("keys/auth-pseudonym.key").toString()),
                Map.entry("admin.token-file", dir.resolve("keys/auth-admin.token").toString()),
                Map.entry("bureau.url", "http://127.0.0.1:" + freePort()), Map.entry("bureau.timeout", "500ms"),
                Map.entry("bureau.fallback", "own-data"), Map.entry("password.memory-kib", "8"), Map.entry("password.iterations", "1")));
        values.putAll(settings);
        var server = AuthServer.start(AuthConfig.load(ConfigSource.of("auth", values)), Clock.systemUTC());
        OctetKeyPair key = KeyFiles.generate(MERCHANT + "-shop-1");
        server.merchants().register(new dev.contentpay.auth.merchant.MerchantRegistry.Registration(MERCHANT, "Test Shop", new JWKSet(key.toPublicJWK()),
                new JWKSet(KeyFiles.generate(MERCHANT + "-settlement-1").toPublicJWK()), SETTLE_AT, MERCHANT));
        return new PagesFixture(server, new TokenSigner(key));
    }

    /** A new active credit subscriber: limit 10,000 JPY, PIN asked above 1,000 JPY. */
    String subscriber() {
        String id = "web" + SUBSCRIBERS.incrementAndGet();
        server.subscribers().registerIfAbsent(new Registration(id, "Subscriber " + id, PASSWORD.toCharArray(), PIN.toCharArray(),
                Subscriber.Status.ACTIVE, Subscriber.LimitKind.CREDIT, 10_000, "JPY", null, 1_000L));
        return id;
    }

    /** Sealed purchasing information for a new order of {@code price} JPY, settling at {@link #SETTLE_AT}. */
    String purchase(long price) {
        return purchase(price, 10);
    }

    /** Sealed purchasing information for a new order of {@code price} JPY including {@code taxRate} % tax. */
    String purchase(long price, int taxRate) {
        Instant now = Instant.now();
        var info = new PurchasingInformation("ord_" + UUID.randomUUID(), MERCHANT, "item" + price, "ebook", "Item for " + price,
                Money.of(price, "JPY"), SETTLE_AT, now, now.plus(Duration.ofMinutes(10)), taxRate);
        return PurchasingInfoSeal.seal(merchant, info);
    }

    PageClient browser() {
        return new PageClient(server.url());
    }

    private static int freePort() {
        return dev.contentpay.platform.http.FreePorts.pick();
    }

    @Override
    public void close() {
        server.close();
    }
}
