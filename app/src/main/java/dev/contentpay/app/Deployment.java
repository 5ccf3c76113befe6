package dev.contentpay.app;

import com.nimbusds.jose.jwk.JWK;
import dev.contentpay.auth.AuthConfig;
import dev.contentpay.auth.AuthServer;
import dev.contentpay.bureau.BureauConfig;
import dev.contentpay.bureau.BureauServer;
import dev.contentpay.platform.config.ConfigSource;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.http.RunningServer;
import dev.contentpay.settlement.SettlementConfig;
import dev.contentpay.settlement.SettlementServer;
import dev.contentpay.shop.ShopConfig;
import dev.contentpay.shop.ShopServer;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * All four servers of embodiment 1 (drawing 4) in one JVM, each with its own database, keys and
 * port, wired together by configuration exactly as separate processes would be. Used by
 * {@code contentpay demo} and by the end-to-end tests.
 */
public final class Deployment implements AutoCloseable {

    public static final String ISSUER_ID = "demo-issuer";
    public static final String BUREAU_ID = "demo-bureau";
    public static final String MERCHANT_ID = "sakura";
    public static final String MERCHANT_NAME = "Sakura Contents";

    /** The ports of the servers; {@link #free()} picks unused ones for tests. */
    public record Ports(int auth, int authMerchant, int authAdmin, int settlement, int shop, int bureau) {
        public static Ports standard() {
            return new Ports(8081, 8091, 8092, 8082, 8083, 8084);
        }

        public static Ports free() {
            return new Ports(freePort(), freePort(), freePort(), freePort(), freePort(), freePort());
        }

        /**
         * These ports, each replaced by the one {@code environment} gives for it under the name
         * {@code serve} reads ({@code CONTENTPAY_AUTH_HTTP_PORT}, {@code CONTENTPAY_AUTH_MERCHANT_PORT},
         * {@code CONTENTPAY_AUTH_ADMIN_PORT}, {@code CONTENTPAY_SETTLEMENT_HTTP_PORT},
         * {@code CONTENTPAY_SHOP_HTTP_PORT}, {@code CONTENTPAY_BUREAU_HTTP_PORT}), so that the servers
         * listen where the environment says and are told of each other there.
         */
        public Ports in(Map<String, String> environment) {
            return new Ports(port(environment, "auth", "http.port", auth), port(environment, "auth", "merchant.port", authMerchant),
                    port(environment, "auth", "admin.port", authAdmin), port(environment, "settlement", "http.port", settlement),
                    port(environment, "shop", "http.port", shop), port(environment, "bureau", "http.port", bureau));
        }

        private static int port(Map<String, String> environment, String server, String key, int otherwise) {
            String name = ConfigSource.of(server, Map.of()).environmentName(key);
            String value = environment.get(name);
            if (value == null) return otherwise;
            try {
                int port = Integer.parseInt(value.trim());
                if (port >= 1 && port <= 65_535) return port;
            } catch (NumberFormatException e) {
                // said below
            }
            // 0 ("any free port") cannot be told to the other servers before they start: the demo needs the number.
            throw new dev.contentpay.platform.config.ConfigException(List.of(name + " must be a port number from 1 to 65535 in the demo, "
                    + "which tells each server where the others listen; it is '" + value + "'"));
        }
    }

    private final BureauServer bureau;
    private final AuthServer auth;
    private final ShopServer shop;
    private final SettlementServer settlement;
    /** The combined store when shop and settlement run as one (embodiment 2), else null. */
    private final StoreServer store;

    private Deployment(BureauServer bureau, AuthServer auth, ShopServer shop, SettlementServer settlement, StoreServer store) {
        this.bureau = bureau;
        this.auth = auth;
        this.shop = shop;
        this.settlement = settlement;
        this.store = store;
    }

    /**
     * Starts the deployment on {@code dataDir}. {@code overrides} holds extra settings per server
     * name ("auth", "settlement", "shop", "bureau"), for tests that shorten a time-out.
     */
    public static Deployment start(Path dataDir, Ports ports, Clock clock, Map<String, Map<String, String>> overrides) {
        return start(dataDir, ports, clock, overrides, false);
    }

    /**
     * With {@code combined}, the shop and settlement run as one store over one database
     * ({@code <dataDir>/store.db} unless the "store" overrides give {@code database.url}), as
     * {@code contentpay serve store} runs them (embodiment 2), on the same ports and keys, so
     * terminals see no difference.
     */
    public static Deployment start(Path dataDir, Ports ports, Clock clock, Map<String, Map<String, String>> overrides, boolean combined) {
        return start(dataDir, ports, clock, overrides, combined, Map.of());
    }

    /**
     * Under {@code environment}, read as {@code contentpay serve} reads the process environment
     * ({@code CONTENTPAY_<SERVER>_<KEY>}, above the demo's own values and {@code overrides}), so
     * that every documented setting takes effect in the demo as in {@code serve}; the ports the
     * environment gives replace {@code ports}, and the servers are told of each other there. The
     * demo's wiring (ids, keys, the other servers' addresses) is set like any value: an
     * environment that changes it changes that server alone.
     */
    public static Deployment start(Path dataDir, Ports requestedPorts, Clock clock, Map<String, Map<String, String>> overrides,
                                   boolean combined, Map<String, String> environment) {
        Ports ports = requestedPorts.in(environment);
        Path keys = dataDir.resolve("keys");
        JWK authKey = KeyFiles.loadOrCreate(keys.resolve("auth.jwk"), ISSUER_ID + "-1");
        JWK shopKey = KeyFiles.loadOrCreate(keys.resolve("shop.jwk"), MERCHANT_ID + "-shop-1");
        JWK settlementKey = KeyFiles.loadOrCreate(keys.resolve("settlement.jwk"), MERCHANT_ID + "-settlement-1");
        KeyFiles.writePublic(keys.resolve("auth.public.jwks"), List.of(authKey));
        KeyFiles.writePublic(keys.resolve("shop.public.jwks"), List.of(shopKey));
        KeyFiles.writePublic(keys.resolve("settlement.public.jwks"), List.of(settlementKey));

        String host = "http://127.0.0.1:";
        // The dedicated lines (settlement to auth's merchant face, auth to the bureau) are mutual TLS.
        String line = "https://127.0.0.1:";
        var tls = certificates(dataDir);
        var started = new ArrayList<RunningServer>();
        try {
            var bureau = BureauServer.start(BureauConfig.load(source("bureau", overrides, environment, Map.of(
                    "http.port", ports.bureau(), "database.url", Database.sqliteUrl(dataDir, "bureau"),
                    "bureau.id", BUREAU_ID, "client.id", ISSUER_ID, "client.keys-file", keys.resolve("auth.public.jwks")),
                    tls.settings("tls", "bureau"))), clock);
            started.add(bureau);
            var auth = AuthServer.start(AuthConfig.load(source("auth", overrides, environment, Map.ofEntries(
                    Map.entry("http.port", ports.auth()), Map.entry("merchant.port", ports.authMerchant()),
                    Map.entry("admin.port", ports.authAdmin()), Map.entry("admin.token-file", keys.resolve("auth-admin.token")),
                    Map.entry("database.url", Database.sqliteUrl(dataDir, "auth")), Map.entry("issuer.id", ISSUER_ID),
                    Map.entry("signing.key-file", keys.resolve("auth.jwk")),
                    Map.entry("pseudonym.secret-file", keys.resolve("auth-pseudonym.key")),
                    Map.entry("merchants", MERCHANT_ID), Map.entry("merchant." + MERCHANT_ID + ".name", MERCHANT_NAME),
                    // The merchant's two roles, each with its own keys: its shop seals, its settlement server asserts.
                    Map.entry("merchant." + MERCHANT_ID + ".seal-keys-file", keys.resolve("shop.public.jwks")),
                    Map.entry("merchant." + MERCHANT_ID + ".assertion-keys-file", keys.resolve("settlement.public.jwks")),
                    Map.entry("merchant." + MERCHANT_ID + ".settlement-url", host + ports.settlement()),
                    Map.entry("bureau.url", line + ports.bureau()), Map.entry("bureau.id", BUREAU_ID)),
                    tls.settings("merchant.tls", "auth"), tls.settings("bureau.tls", "auth"))), clock);
            started.add(auth);
            ConfigSource shopSource = source("shop", overrides, environment, Map.of(
                    "http.port", ports.shop(), "database.url", Database.sqliteUrl(dataDir, "shop"),
                    "merchant.id", MERCHANT_ID, "merchant.name", MERCHANT_NAME,
                    "signing.key-file", keys.resolve("shop.jwk"), "settlement.url", host + ports.settlement(),
                    "settlement.keys-file", keys.resolve("settlement.public.jwks"), "issuer.url", host + ports.auth()));
            ConfigSource settlementSource = source("settlement", overrides, environment, Map.of(
                    "http.port", ports.settlement(), "database.url", Database.sqliteUrl(dataDir, "settlement"),
                    "merchant.id", MERCHANT_ID, "signing.key-file", keys.resolve("settlement.jwk"),
                    "auth.merchant-url", line + ports.authMerchant(), "auth.issuer-id", ISSUER_ID,
                    "auth.keys-file", keys.resolve("auth.public.jwks"), "shop.url", host + ports.shop(),
                    "shop.keys-file", keys.resolve("shop.public.jwks"),
                    "admin.token-file", keys.resolve("settlement-admin.token")), tls.settings("auth.tls", "settlement"));
            if (combined) {
                String url = source("store", overrides, environment, Map.of("database.url", Database.sqliteUrl(dataDir, "store")))
                        .get("database.url").orElseThrow();
                var store = StoreServer.start(new StoreServer.Configs(url, ShopConfig.load(shopSource), SettlementConfig.load(settlementSource)), clock);
                started.add(store);
                DemoData.load(auth, bureau, clock);
                return new Deployment(bureau, auth, store.shop(), store.settlement(), store);
            }
            var shop = ShopServer.start(ShopConfig.load(shopSource), clock);
            started.add(shop);
            var settlement = new SettlementServer(SettlementConfig.load(settlementSource), clock).start();
            started.add(settlement);
            DemoData.load(auth, bureau, clock);
            return new Deployment(bureau, auth, shop, settlement, null);
        } catch (RuntimeException e) {
            for (int i = started.size() - 1; i >= 0; i--) started.get(i).close();
            throw e;
        }
    }

    /**
     * The demo's authority and the certificates of auth, the bureau and settlement, made unless they
     * exist and are good. Settlement's names the merchant it settles for (auth's default
     * {@code merchant.<id>.certificate-name}), auth's and the bureau's their servers.
     */
    public static DemoCertificates certificates(Path dataDir) {
        var names = new java.util.LinkedHashMap<String, String>();
        names.put("auth", "auth");
        names.put("bureau", "bureau");
        names.put("settlement", MERCHANT_ID);
        return DemoCertificates.ensure(dataDir.resolve("keys"), names);
    }

    @SafeVarargs
    private static ConfigSource source(String server, Map<String, Map<String, String>> overrides, Map<String, String> environment,
                                       Map<String, Object>... values) {
        var all = new HashMap<String, String>();
        for (var map : values) map.forEach((k, v) -> all.put(k, v.toString()));
        all.putAll(overrides.getOrDefault(server, Map.of()));
        return ConfigSource.of(server, all, environment);
    }

    private static int freePort() {
        return dev.contentpay.platform.http.FreePorts.pick();
    }

    public BureauServer bureau() {
        return bureau;
    }

    public AuthServer auth() {
        return auth;
    }

    public ShopServer shop() {
        return shop;
    }

    public SettlementServer settlement() {
        return settlement;
    }

    /** The combined store, when this deployment runs one. */
    public java.util.Optional<StoreServer> store() {
        return java.util.Optional.ofNullable(store);
    }

    /** In the order they start: bureau, auth, shop, settlement (or the store that is both). */
    public List<RunningServer> servers() {
        return store != null ? List.of(bureau, auth, store) : List.of(bureau, auth, shop, settlement);
    }

    @Override
    public void close() {
        var all = servers();
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                all.get(i).close();
            } catch (RuntimeException e) {
                // Keep closing the others; a server that fails to stop must not keep the rest running.
            }
        }
    }
}
