package dev.contentpay.settlement;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import dev.contentpay.platform.config.ConfigException;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.crypto.TokenSigner;
import dev.contentpay.platform.crypto.TokenVerifier;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Idempotency;
import dev.contentpay.platform.http.RunningServer;
import dev.contentpay.platform.http.ServiceClient;
import dev.contentpay.platform.http.WebServer;
import dev.contentpay.settlement.delivery.DownloadService;
import dev.contentpay.settlement.delivery.ShopClient;
import dev.contentpay.settlement.issuer.IssuerClient;
import dev.contentpay.settlement.ledger.JdbcSettlementStore;
import dev.contentpay.settlement.notice.JdbcNoticeStore;
import dev.contentpay.settlement.notice.NoticeWorker;
import dev.contentpay.settlement.purchase.PurchaseService;
import dev.contentpay.settlement.purchase.PurchaseVerifier;
import dev.contentpay.settlement.web.DiscoveryEndpoints;
import dev.contentpay.settlement.web.DownloadEndpoints;
import dev.contentpay.settlement.web.PurchaseEndpoints;
import io.javalin.Javalin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The settling server 5 ([0040]-[0046]) as a process: its database, its keys, the HTTP face the
 * terminals call, and the worker that owes the issuer its payment notices.
 */
public final class SettlementServer implements RunningServer {

    private static final Logger LOG = LoggerFactory.getLogger(SettlementServer.class);
    private static final int POOL_SIZE = 8;

    private final SettlementConfig config;
    private final Clock clock;
    private Database db;
    private NoticeWorker worker;
    private JdbcNoticeStore notices;
    private Javalin app;

    public SettlementServer(SettlementConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Opens the database, loads the keys, starts HTTP and the notice worker; cleans up if any step fails. */
    public SettlementServer start() {
        if (app != null) throw new IllegalStateException("the settlement server is already started");
        try {
            TokenSigner signer = signer();
            TokenVerifier issuerVerifier = TokenVerifier.forIssuer(config.authIssuerId(),
                    requireKeys(config.authKeysFile(), "auth.keys-file", "the issuer's public JWK set (auth writes it at start)"), clock);
            TokenVerifier shopVerifier = TokenVerifier.forIssuer(config.merchantId(),
                    requireKeys(config.shopKeysFile(), "shop.keys-file", "the shop's public JWK set (the shop writes it at start)"), clock);
            db = Database.open("settlement", config.databaseUrl(), "settlement", POOL_SIZE);
            wire(signer, issuerVerifier, shopVerifier);
            app.start(config.host(), config.port());
            worker.start();
            LOG.info("settlement for merchant {} listening on {}", config.merchantId(), url());
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void wire(TokenSigner signer, TokenVerifier issuerVerifier, TokenVerifier shopVerifier) {
        var store = new JdbcSettlementStore(db);
        notices = new JdbcNoticeStore(db);
        IssuerClient issuer = issuerClient(signer);
        ShopClient shop = shopClient(signer);
        worker = new NoticeWorker(notices, issuer, clock, config.noticeMaxAttempts(), config.noticePollInterval());
        var purchases = new PurchaseService(config.merchantId(), new PurchaseVerifier(config.merchantId(), shopVerifier, issuerVerifier),
                issuer, shop, store, clock, config.downloadLifetime(), this::publicUrl, worker::wake);
        app = WebServer.create(name(), db::isReachable, javalin -> { });
        new PurchaseEndpoints(purchases, new Idempotency(db, clock)).register(app);
        new DownloadEndpoints(new DownloadService(store, shop, clock)).register(app);
        new DiscoveryEndpoints(signer).register(app);
    }

    private IssuerClient issuerClient(TokenSigner signer) {
        var identity = new ServiceClient.Identity(config.merchantId(), signer, config.authIssuerId());
        return new IssuerClient(new ServiceClient(config.authMerchantUrl(), config.authTimeout(), ErrorCode.AUTH_UNAVAILABLE, identity, clock));
    }

    private ShopClient shopClient(TokenSigner signer) {
        // The catalog is public; the contents are given only to this merchant's settlement.
        var identity = new ServiceClient.Identity(config.merchantId(), signer, config.merchantId() + "-shop");
        return new ShopClient(
                new ServiceClient(config.shopUrl(), config.shopTimeout(), ErrorCode.SHOP_UNAVAILABLE, null, clock),
                new ServiceClient(config.shopUrl(), config.shopTimeout(), ErrorCode.SHOP_UNAVAILABLE, identity, clock),
                clock);
    }

    /** Our signing key, created on first start; its public half is published beside it for the issuer and the shop. */
    private TokenSigner signer() {
        ECKey key = KeyFiles.loadOrCreate(config.signingKeyFile(), config.signingKeyId());
        KeyFiles.writePublic(config.publicKeysFile(), List.of(key));
        return new TokenSigner(key);
    }

    private static JWKSet requireKeys(Path file, String setting, String what) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(List.of(setting + " names " + file.toAbsolutePath()
                    + ", which does not exist; it should hold " + what));
        }
        JWKSet keys = KeyFiles.readPublic(file);
        if (keys.getKeys().isEmpty()) {
            throw new ConfigException(List.of(setting + " names " + file.toAbsolutePath() + ", which holds no key; it should hold " + what));
        }
        return keys;
    }

    @Override
    public String name() {
        return SettlementConfig.SERVER;
    }

    /** The address this server really listens on (the chosen port when configured with 0). */
    @Override
    public URI url() {
        if (app == null) throw new IllegalStateException("the settlement server is not started");
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return URI.create("http://" + host + ":" + app.port());
    }

    /** Where buyers download from: {@code public.url}, or this server's own address. */
    public URI publicUrl() {
        return config.publicUrl() != null ? config.publicUrl() : url();
    }

    /** Payment notices not yet acknowledged by the issuer (nor given up on). */
    public int pendingNotices() {
        if (notices == null) throw new IllegalStateException("the settlement server is not started");
        return notices.pending();
    }

    /** Stops taking purchases first, then the notice worker, then closes the database they both use. */
    @Override
    public void close() {
        if (app != null) {
            app.stop();
            app = null;
        }
        if (worker != null) {
            worker.close();
            worker = null;
        }
        if (db != null) {
            db.close();
            db = null;
        }
        notices = null;
    }
}
