package dev.contentpay.shop;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.http.Idempotency;
import dev.contentpay.platform.http.RunningServer;
import dev.contentpay.platform.http.ApiDocument;
import dev.contentpay.platform.http.WebServer;
import dev.contentpay.platform.web.Cookies;
import dev.contentpay.platform.web.FormTokens;
import dev.contentpay.platform.web.JdbiFormSecretStore;
import dev.contentpay.shop.catalog.CatalogEndpoints;
import dev.contentpay.shop.catalog.CatalogLoader;
import dev.contentpay.shop.catalog.CatalogService;
import dev.contentpay.shop.catalog.ShopItem;
import dev.contentpay.shop.content.ContentEndpoints;
import dev.contentpay.shop.content.ContentService;
import dev.contentpay.shop.key.KeyEndpoints;
import dev.contentpay.shop.key.ShopKeys;
import dev.contentpay.shop.order.JdbiOrderStore;
import dev.contentpay.shop.order.OrderEndpoints;
import dev.contentpay.shop.order.OrderService;
import dev.contentpay.shop.web.BuyEndpoints;
import dev.contentpay.shop.web.PageEndpoints;
import dev.contentpay.shop.web.PageService;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.util.List;

/**
 * The online shop server (6 of the patent): the catalog for programs and browsers, the pictures,
 * orders answered with sealed purchasing information, and the contents for the merchant's
 * settlement server. It keeps catalog, contents and orders, and never learns who buys.
 */
public final class ShopServer implements RunningServer {

    private static final Logger LOG = LoggerFactory.getLogger(ShopServer.class);
    private static final int POOL_SIZE = 8;

    private final ShopConfig config;
    private final Database db;
    /** False when the database belongs to someone else (the combined store), who closes it. */
    private final boolean ownsDatabase;
    private final dev.contentpay.shop.order.OrderPurge orderPurge;
    private final Javalin app;
    private final dev.contentpay.platform.observe.Readiness readiness;
    /** /metrics and /health apart from the public port, when management.port is set; else null. */
    private dev.contentpay.platform.http.ManagementPort management;
    private final ContentService contents;
    private final Idempotency idempotency;
    private final ShopKeys keys;

    private ShopServer(ShopConfig config, Clock clock, List<ShopItem> items, ShopKeys keys, Database db, boolean ownsDatabase) {
        this.config = config;
        this.db = db;
        this.ownsDatabase = ownsDatabase;
        var catalog = new CatalogService(config.merchantId(), config.merchantName(), items, this::publicUrl);
        var orderStore = new JdbiOrderStore(db);
        this.orderPurge = new dev.contentpay.shop.order.OrderPurge(orderStore, clock).start();
        var orders = new OrderService(catalog, orderStore, keys.signer(), config.settlementUrl(),
                config.orderLifetime(), clock);
        this.contents = new ContentService(catalog, config.settlementKeysFile(), config.merchantId(), config.contentAudience(), clock);
        this.idempotency = new Idempotency(db, clock, Idempotency.keyFileBeside(config.signingKeyFile()), config.idempotencyRetention());
        this.keys = keys;
        var operator = dev.contentpay.platform.http.OperatorToken.loadOrCreate(config.adminTokenFile(), ShopConfig.SERVER);
        // The storefront for browsers (docs/WEB.md): catalog, item pages and the Buy button.
        var pages = new PageService(catalog);
        // A signed double submit: the shop keeps no session (docs/WEB.md, section 5).
        var cookies = Cookies.forSite(config.publicUrl());
        var forms = FormTokens.of(new JdbiFormSecretStore(db, "web_secret"), "shop", "cp_shop_csrf", cookies);
        this.readiness = dev.contentpay.platform.observe.Readiness.of(dev.contentpay.platform.observe.Readiness.check("database", db::isReachable));
        this.app = WebServer.create(ShopConfig.SERVER, readiness, null, !config.management().enabled(), javalin -> {
            // Contents must leave byte for byte as the catalog's SHA-256 and Content-Length say;
            // pictures and media are compressed already and the pages are a few kilobytes.
            javalin.http.compressionStrategy = CompressionStrategy.NONE;
        }, routes -> {
            new dev.contentpay.platform.http.RateLimiter(config.rateLimits(), clock).limitEveryRequest(routes);
            new CatalogEndpoints(catalog).register(routes);
            new OrderEndpoints(orders, idempotency).register(routes);
            new ContentEndpoints(contents).register(routes);
            new KeyEndpoints(keys).register(routes);
            // The operator's face: the shop's signing keys, listed and rotated while it runs.
            routes.before("/v1/admin/*", operator::require);
            new dev.contentpay.platform.http.SigningKeyEndpoints(keys.ring(), idempotency).register(routes);
            new PageEndpoints(pages, forms, cookies, config.issuerUrl()).register(routes);
            new BuyEndpoints(orders, idempotency, forms, pages, cookies, config.issuerUrl()).register(routes);
            ApiDocument.serve(routes, ShopServer.class, "/shop/openapi.json");
        });
    }

    /**
     * Checks the catalog, loads (or creates) the signing key, opens the database and listens.
     * A broken catalog or configuration stops here with every problem listed, before anything
     * is created on disk.
     */
    public static ShopServer start(ShopConfig config, Clock clock) {
        return start(config, clock, null);
    }

    /**
     * Starts over {@code shared}, a database already open with the shop's migrations applied, which
     * stays open when the shop closes (the combined store of embodiment 2 shares one with settlement);
     * with {@code null}, opens its own at {@code database.url}.
     */
    public static ShopServer start(ShopConfig config, Clock clock, Database shared) {
        List<ShopItem> items = CatalogLoader.load(config.catalogDir());
        ShopKeys keys = ShopKeys.loadOrCreate(config.signingKeyFile(), config.signingKeyId(), config.publicKeysFile(), config.keysRetireAfter(), clock);
        dev.contentpay.platform.db.EnvironmentMark.requireKeyFile(config.signingKeyFile(), "signing.key-file", config.environment());
        // Every seal is marked with the shop's environment: only an issuer and a settlement server of the same one accept it.
        keys.signer().marking(config.environment());
        Database db = shared != null ? shared : Database.open(ShopConfig.SERVER, config.databaseUrl(), ShopConfig.SERVER, POOL_SIZE);
        ShopServer server;
        try {
            dev.contentpay.platform.db.EnvironmentMark.require(db, ShopConfig.SERVER, config.environment());
            server = new ShopServer(config, clock, items, keys, db, shared == null);
        } catch (RuntimeException e) {
            if (shared == null) db.close();
            throw e;
        }
        server.listen(items.size());
        return server;
    }

    private void listen(int itemCount) {
        try {
            app.start(config.host(), config.port());
            management = dev.contentpay.platform.http.ManagementPort.start(ShopConfig.SERVER, readiness, config.management());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        contents.warnIfKeysMissing();
        keys.ring().start();
        LOG.info("shop of merchant {} listening on {} with {} items; public keys in {}", config.merchantId(), url(),
                itemCount, config.publicKeysFile());
    }

    @Override
    public String name() {
        return ShopConfig.SERVER;
    }

    @Override
    public URI managementUrl() {
        return management == null ? null : management.url();
    }

    /** Where the server listens, with the real port when port 0 was asked for. */
    @Override
    public URI url() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return URI.create("http://" + host + ":" + app.port());
    }

    /** The base of links handed to buyers: public.url when set, otherwise where the server listens. */
    public URI publicUrl() {
        return config.publicUrl() != null ? config.publicUrl() : url();
    }

    public ShopConfig config() {
        return config;
    }

    /** The purge of orders a day past their expiry (also run every ten minutes on its own). */
    public dev.contentpay.shop.order.OrderPurge orderPurge() {
        return orderPurge;
    }

    @Override
    public void close() {
        orderPurge.close();
        keys.close();
        try {
            app.stop();
            if (management != null) management.close();
        } finally {
            idempotency.close();
            if (ownsDatabase) db.close();
        }
    }
}
