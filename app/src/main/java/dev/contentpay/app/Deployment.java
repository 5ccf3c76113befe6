package dev.contentpay.app;

import dev.contentpay.auth.AuthConfig;
import dev.contentpay.auth.AuthServer;
import dev.contentpay.bureau.BureauConfig;
import dev.contentpay.bureau.BureauServer;
import dev.contentpay.platform.config.ConfigSource;
import dev.contentpay.platform.crypto.KeyRing;
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
    /** The demo bills in Japan: monthly limits, statements, daily totals and reconciliation cut their days in Tokyo. */
    public static final String BILLING_ZONE = "Asia/Tokyo";
    /** The demo issuer's qualified invoice registration number (made up, of the right form). */
    public static final String ISSUER_REGISTRATION_NUMBER = "T1010001000009";
    public static final String MERCHANT_ID = "sakura";
    public static final String MERCHANT_NAME = "Sakura Contents";
    /** The demo's second merchant, with a shop and settlement server of its own, so one buyer has two pseudonyms. */
    public static final String SECOND_MERCHANT_ID = "momiji";
    public static final String SECOND_MERCHANT_NAME = "Momiji Media";

    /**
     * The ports of the servers; {@link #free()} picks unused ones for tests. The second merchant's
     * settlement server and shop run only when their ports are given (not 0): the demo's
     * {@link #standard()} ports give them, {@link #free()} does not, {@link #withSecondMerchant()} adds them.
     */
    public record Ports(int auth, int authMerchant, int authAdmin, int settlement, int shop, int bureau, int secondSettlement, int secondShop) {
        public Ports(int auth, int authMerchant, int authAdmin, int settlement, int shop, int bureau) {
            this(auth, authMerchant, authAdmin, settlement, shop, bureau, 0, 0);
        }

        public static Ports standard() {
            return new Ports(8081, 8091, 8092, 8082, 8083, 8084, 8085, 8086);
        }

        public static Ports free() {
            return new Ports(freePort(), freePort(), freePort(), freePort(), freePort(), freePort());
        }

        /** These ports and free ones for the second merchant's settlement server and shop. */
        public Ports withSecondMerchant() {
            return new Ports(auth, authMerchant, authAdmin, settlement, shop, bureau, freePort(), freePort());
        }

        public boolean hasSecondMerchant() {
            return secondSettlement != 0 && secondShop != 0;
        }

        /**
         * These ports, each replaced by the one {@code environment} gives for it under the name
         * {@code serve} reads ({@code CONTENTPAY_AUTH_HTTP_PORT}, {@code CONTENTPAY_AUTH_MERCHANT_PORT},
         * {@code CONTENTPAY_AUTH_ADMIN_PORT}, {@code CONTENTPAY_SETTLEMENT_HTTP_PORT},
         * {@code CONTENTPAY_SHOP_HTTP_PORT}, {@code CONTENTPAY_BUREAU_HTTP_PORT}; the second merchant's
         * {@code CONTENTPAY_MOMIJI_SETTLEMENT_HTTP_PORT} and {@code CONTENTPAY_MOMIJI_SHOP_HTTP_PORT}),
         * so that the servers listen where the environment says and are told of each other there.
         */
        public Ports in(Map<String, String> environment) {
            boolean second = hasSecondMerchant();
            return new Ports(port(environment, "auth", "http.port", auth), port(environment, "auth", "merchant.port", authMerchant),
                    port(environment, "auth", "admin.port", authAdmin), port(environment, "settlement", "http.port", settlement),
                    port(environment, "shop", "http.port", shop), port(environment, "bureau", "http.port", bureau),
                    second ? port(environment, SECOND.settlementServer(), "http.port", secondSettlement) : 0,
                    second ? port(environment, SECOND.shopServer(), "http.port", secondShop) : 0);
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

    /**
     * One merchant of the demo: its id and name, and the prefix of everything of its own (server
     * names for settings and the environment, key files, databases, certificates): none for the
     * first, {@code momiji-} for the second; and its qualified invoice registration number (made up).
     */
    record DemoMerchant(String id, String name, String prefix, String registrationNumber) {
        String shopServer() {
            return prefix + "shop";
        }

        String settlementServer() {
            return prefix + "settlement";
        }

        String storeServer() {
            return prefix + "store";
        }
    }

    static final DemoMerchant FIRST = new DemoMerchant(MERCHANT_ID, MERCHANT_NAME, "", "T2010001000008");
    static final DemoMerchant SECOND = new DemoMerchant(SECOND_MERCHANT_ID, SECOND_MERCHANT_NAME, SECOND_MERCHANT_ID + "-", "T3010001000007");

    /** One merchant's running servers: its shop and settlement server, and the store that is both when they run as one. */
    public record MerchantServers(ShopServer shop, SettlementServer settlement, StoreServer store) {
        List<RunningServer> servers() {
            return store != null ? List.of(store) : List.of(shop, settlement);
        }
    }

    private final BureauServer bureau;
    private final AuthServer auth;
    private final MerchantServers first;
    /** The second merchant's servers, when its ports were given; else null. */
    private final MerchantServers second;

    private Deployment(BureauServer bureau, AuthServer auth, MerchantServers first, MerchantServers second) {
        this.bureau = bureau;
        this.auth = auth;
        this.first = first;
        this.second = second;
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
        // Each server's keys exist before any starts, so that each can be given the others' public sets;
        // read as rings, a restart after a rotation publishes every key not yet retired.
        KeyRing.loadOrCreate(keys.resolve("auth.jwk"), ISSUER_ID + "-1", keys.resolve("auth.public.jwks"), KeyRing.DEFAULT_RETIRE_AFTER, clock);
        var merchants = new ArrayList<DemoMerchant>(List.of(FIRST));
        if (ports.hasSecondMerchant()) merchants.add(SECOND);
        for (DemoMerchant m : merchants) {
            for (String role : List.of("shop", "settlement")) {
                KeyRing.loadOrCreate(keys.resolve(m.prefix() + role + ".jwk"), m.id() + "-" + role + "-1",
                        keys.resolve(m.prefix() + role + ".public.jwks"), KeyRing.DEFAULT_RETIRE_AFTER, clock);
            }
        }

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
                    Map.entry("bureau.url", line + ports.bureau()), Map.entry("bureau.id", BUREAU_ID),
                    Map.entry("billing.zone", BILLING_ZONE), Map.entry("invoice.registration-number", ISSUER_REGISTRATION_NUMBER)),
                    merchantSettings(merchants, keys, host, ports),
                    tls.settings("merchant.tls", "auth"), tls.settings("bureau.tls", "auth"))), clock);
            started.add(auth);
            var firstServers = startMerchant(FIRST, ports.settlement(), ports.shop(), dataDir, ports, clock, overrides, combined, environment, tls,
                    started, null);
            var secondServers = ports.hasSecondMerchant() ? startMerchant(SECOND, ports.secondSettlement(), ports.secondShop(), dataDir, ports,
                    clock, overrides, combined, environment, tls, started, SecondMerchantCatalog.write(dataDir)) : null;
            DemoData.load(auth, bureau, clock);
            return new Deployment(bureau, auth, firstServers, secondServers);
        } catch (RuntimeException e) {
            for (int i = started.size() - 1; i >= 0; i--) started.get(i).close();
            throw e;
        }
    }

    /**
     * Auth's registration of each merchant at start: its two roles, each with its own keys (its shop
     * seals, its settlement server asserts), and where its buyers settle.
     */
    private static Map<String, Object> merchantSettings(List<DemoMerchant> merchants, Path keys, String host, Ports ports) {
        var settings = new HashMap<String, Object>();
        settings.put("merchants", String.join(",", merchants.stream().map(DemoMerchant::id).toList()));
        for (DemoMerchant m : merchants) {
            String p = "merchant." + m.id() + ".";
            settings.put(p + "name", m.name());
            settings.put(p + "seal-keys-file", keys.resolve(m.prefix() + "shop.public.jwks"));
            settings.put(p + "assertion-keys-file", keys.resolve(m.prefix() + "settlement.public.jwks"));
            settings.put(p + "settlement-url", host + (m == FIRST ? ports.settlement() : ports.secondSettlement()));
            settings.put(p + "invoice-registration-number", m.registrationNumber());
        }
        return settings;
    }

    /**
     * One merchant's shop and settlement server, or the store that is both ({@code combined},
     * over {@code <dataDir>/<prefix>store.db} unless the overrides give its {@code database.url}),
     * each on its own database, keys and port; {@code catalog} is its shop's catalog folder (null:
     * the built-in demo catalog).
     */
    private static MerchantServers startMerchant(DemoMerchant m, int settlementPort, int shopPort, Path dataDir, Ports ports, Clock clock,
                                                 Map<String, Map<String, String>> overrides, boolean combined, Map<String, String> environment,
                                                 DemoCertificates tls, List<RunningServer> started, Path catalog) {
        String host = "http://127.0.0.1:";
        Path keys = dataDir.resolve("keys");
        var shopValues = new HashMap<String, Object>(Map.of(
                "http.port", shopPort, "database.url", Database.sqliteUrl(dataDir, m.shopServer()),
                "merchant.id", m.id(), "merchant.name", m.name(),
                "signing.key-file", keys.resolve(m.prefix() + "shop.jwk"), "settlement.url", host + settlementPort,
                "settlement.keys-file", keys.resolve(m.prefix() + "settlement.public.jwks"), "issuer.url", host + ports.auth(),
                "admin.token-file", keys.resolve(m.prefix() + "shop-admin.token")));
        if (catalog != null) shopValues.put("catalog.dir", catalog);
        ConfigSource shopSource = source(m.shopServer(), overrides, environment, shopValues);
        ConfigSource settlementSource = source(m.settlementServer(), overrides, environment, Map.of(
                "http.port", settlementPort, "database.url", Database.sqliteUrl(dataDir, m.settlementServer()),
                "merchant.id", m.id(), "signing.key-file", keys.resolve(m.prefix() + "settlement.jwk"),
                "auth.merchant-url", "https://127.0.0.1:" + ports.authMerchant(), "auth.issuer-id", ISSUER_ID,
                "auth.keys-file", keys.resolve("auth.public.jwks"), "shop.url", host + shopPort,
                "shop.keys-file", keys.resolve(m.prefix() + "shop.public.jwks"),
                "admin.token-file", keys.resolve(m.prefix() + "settlement-admin.token")),
                Map.of("billing.zone", BILLING_ZONE, "invoice.registration-number", m.registrationNumber()), tls.settings("auth.tls", m.settlementServer()));
        if (combined) {
            String url = source(m.storeServer(), overrides, environment, Map.of("database.url", Database.sqliteUrl(dataDir, m.storeServer())))
                    .get("database.url").orElseThrow();
            var store = StoreServer.start(new StoreServer.Configs(url, ShopConfig.load(shopSource), SettlementConfig.load(settlementSource)), clock);
            started.add(store);
            return new MerchantServers(store.shop(), store.settlement(), store);
        }
        var shop = ShopServer.start(ShopConfig.load(shopSource), clock);
        started.add(shop);
        var settlement = new SettlementServer(SettlementConfig.load(settlementSource), clock).start();
        started.add(settlement);
        return new MerchantServers(shop, settlement, null);
    }

    /**
     * The demo's authority and the certificates of auth, the bureau and each merchant's settlement
     * server, made unless they exist and are good. A settlement server's names the merchant it
     * settles for (auth's default {@code merchant.<id>.certificate-name}), auth's and the bureau's
     * their servers.
     */
    public static DemoCertificates certificates(Path dataDir) {
        var names = new java.util.LinkedHashMap<String, String>();
        names.put("auth", "auth");
        names.put("bureau", "bureau");
        names.put(FIRST.settlementServer(), FIRST.id());
        names.put(SECOND.settlementServer(), SECOND.id());
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
        return first.shop();
    }

    public SettlementServer settlement() {
        return first.settlement();
    }

    /** The combined store, when this deployment runs one. */
    public java.util.Optional<StoreServer> store() {
        return java.util.Optional.ofNullable(first.store());
    }

    /** The second merchant's servers ({@link #SECOND_MERCHANT_ID}), when this deployment runs them. */
    public java.util.Optional<MerchantServers> secondMerchant() {
        return java.util.Optional.ofNullable(second);
    }

    /** In the order they start: bureau, auth, shop, settlement (or the store that is both), then the second merchant's. */
    public List<RunningServer> servers() {
        var all = new ArrayList<RunningServer>(List.of(bureau, auth));
        all.addAll(first.servers());
        if (second != null) all.addAll(second.servers());
        return all;
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
