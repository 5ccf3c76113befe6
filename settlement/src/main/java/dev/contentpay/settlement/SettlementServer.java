package dev.contentpay.settlement;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.contentpay.platform.config.ConfigException;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.crypto.KeyRing;
import dev.contentpay.platform.crypto.PublicKeyFile;
import dev.contentpay.platform.crypto.TokenSigner;
import dev.contentpay.platform.crypto.TokenVerifier;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Idempotency;
import dev.contentpay.platform.http.RunningServer;
import dev.contentpay.platform.http.ServiceClient;
import dev.contentpay.platform.http.WebServer;
import dev.contentpay.settlement.operator.DeadLetters;
import dev.contentpay.settlement.operator.MerchantView;
import dev.contentpay.settlement.operator.OperatorAuth;
import dev.contentpay.platform.http.OperatorToken;
import dev.contentpay.settlement.delivery.BuyerProof;
import dev.contentpay.settlement.delivery.DownloadService;
import dev.contentpay.settlement.delivery.Receipts;
import dev.contentpay.settlement.delivery.ShopClient;
import dev.contentpay.settlement.events.EventCheckpoints;
import dev.contentpay.settlement.events.EventLog;
import dev.contentpay.settlement.fault.FaultPoints;
import dev.contentpay.settlement.issuer.IssuerClient;
import dev.contentpay.settlement.ledger.JdbiSettlementStore;
import dev.contentpay.settlement.ledger.Ledger;
import dev.contentpay.settlement.notice.IssuerDeliveries;
import dev.contentpay.settlement.notice.JdbiOutboxStore;
import dev.contentpay.settlement.notice.NoticeWorker;
import dev.contentpay.settlement.notice.OutboxMessage;
import dev.contentpay.settlement.purchase.PresentationSweeper;
import dev.contentpay.settlement.purchase.PurchaseService;
import dev.contentpay.settlement.purchase.PurchaseVerifier;
import dev.contentpay.settlement.reconcile.ReconciliationService;
import dev.contentpay.settlement.refund.RefundService;
import dev.contentpay.settlement.refund.JdbiRefundStore;
import dev.contentpay.settlement.operator.AdminEndpoints;
import dev.contentpay.settlement.DiscoveryEndpoints;
import dev.contentpay.settlement.delivery.DownloadEndpoints;
import dev.contentpay.settlement.operator.EventEndpoints;
import dev.contentpay.settlement.operator.OperatorPageEndpoints;
import dev.contentpay.settlement.operator.OperatorPageService;
import dev.contentpay.settlement.purchase.PurchaseEndpoints;
import io.javalin.Javalin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The settling server 5 ([0040]-[0046]) as a process: its database, its keys, the HTTP face the
 * terminals call, the operator's API and page, the worker that owes the issuer its messages, and
 * the sweeper that gives up purchases a crash left unfinished.
 */
public final class SettlementServer implements RunningServer {

    private static final Logger LOG = LoggerFactory.getLogger(SettlementServer.class);
    private static final int POOL_SIZE = 8;
    /** Wide enough to ignore an approval's expiry when it only proves who the buyer is (see BuyerProof). */
    private static final Duration PROOF_SKEW = Duration.ofDays(3650);

    private final SettlementConfig config;
    private final Clock clock;
    private Database db;
    private NoticeWorker worker;
    private PresentationSweeper sweeper;
    private EventCheckpoints checkpoints;
    private Idempotency idempotency;
    private JdbiOutboxStore outbox;
    private DeadInstanceRecovery recovery;
    private Javalin app;
    private KeyRing keys;
    private dev.contentpay.platform.tls.TlsFiles.Line authLine;

    /** A database someone else opened and closes (the combined store), or null when this server owns its own. */
    private final Database shared;

    public SettlementServer(SettlementConfig config, Clock clock) {
        this(config, clock, null);
    }

    /**
     * A server over {@code shared}, a database already open with settlement's migrations applied,
     * which stays open when this server closes (the combined store of embodiment 2 shares one with
     * the shop); with {@code null}, it opens its own at {@code database.url}.
     */
    public SettlementServer(SettlementConfig config, Clock clock, Database shared) {
        this.config = config;
        this.clock = clock;
        this.shared = shared;
    }

    /**
     * Held here for as long as the server runs: Micrometer's function counters keep only a weak
     * reference to what they read, and would report 0 once the collector took it.
     */
    private dev.contentpay.settlement.observe.MetricsStore metricsStore;
    private dev.contentpay.platform.observe.Readiness readiness;
    /** /metrics and /health apart from the public port, when management.port is set; else null. */
    private dev.contentpay.platform.http.ManagementPort management;

    /** Opens the database, loads the keys, starts HTTP, the outbox worker and the sweeper; cleans up if any step fails. */
    public SettlementServer start() {
        if (app != null) throw new IllegalStateException("the settlement server is already started");
        try {
            TokenSigner signer = signer();
            // The dedicated line's certificate can be read again while settlement runs (POST /v1/admin/tls/reloads).
            authLine = config.authTls() == null ? null : config.authTls().line();
            // The issuer's and the shop's keys are read again when a token names a key id they rotated in.
            var issuerKeys = new PublicKeyFile(config.authIssuerId(), config.authKeysFile(),
                    requireKeys(config.authKeysFile(), "auth.keys-file", "the issuer's public JWK set (auth writes it at start)"), clock);
            TokenVerifier shopVerifier = new TokenVerifier(new PublicKeyFile(config.merchantId(), config.shopKeysFile(),
                    requireKeys(config.shopKeysFile(), "shop.keys-file", "the shop's public JWK set (the shop writes it at start)"), clock),
                    clock, Duration.ofSeconds(30)).expecting(config.environment());
            OperatorToken token = OperatorToken.loadOrCreate(config.adminTokenFile(), "settlement");
            db = shared != null ? shared : Database.open("settlement", config.databaseUrl(), "settlement", POOL_SIZE);
            dev.contentpay.platform.db.EnvironmentMark.require(db, SettlementConfig.SERVER, config.environment());
            metricsStore = new dev.contentpay.settlement.observe.JdbiMetricsStore(db);
            dev.contentpay.settlement.observe.SettlementMetrics.register(metricsStore, clock);
            wire(signer, issuerKeys, shopVerifier, new OperatorAuth(token));
            recovery.run();
            app.start(config.host(), config.port());
            management = dev.contentpay.platform.http.ManagementPort.start(name(), readiness, config.management());
            worker.start();
            sweeper.start(sweepInterval());
            checkpoints.start();
            keys.start();
            LOG.info("settlement for merchant {} listening on {}", config.merchantId(), url());
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void wire(TokenSigner signer, PublicKeyFile issuerKeys, TokenVerifier shopVerifier, OperatorAuth operator) {
        var faults = new FaultPoints(config.pauseAt(), System.out);
        var events = new EventLog(db, config.merchantId());
        checkpoints = new EventCheckpoints(db, signer, config.merchantId(), clock);
        var store = new JdbiSettlementStore(db, events);
        var refundStore = new JdbiRefundStore(db, events);
        var ledger = new Ledger(db);
        outbox = new JdbiOutboxStore(db, events);
        IssuerClient issuer = issuerClient(signer);
        ShopClient shop = shopClient(signer);
        worker = new NoticeWorker(outbox, new IssuerDeliveries(issuer, store, refundStore), clock, config.noticeMaxAttempts(),
                config.noticePollInterval(), faults);
        recovery = new DeadInstanceRecovery(db, outbox, clock, worker::wake);
        sweeper = new PresentationSweeper(store, clock, config.abandonAfter(), worker::wake, recovery);
        // Approvals and allowances are taken only from an issuer of this server's environment (docs/MERCHANTS.md, "Sandbox").
        var verifier = new PurchaseVerifier(config.merchantId(), shopVerifier,
                new TokenVerifier(issuerKeys, clock, Duration.ofSeconds(30)).expecting(config.environment()));
        var receipts = new Receipts(config.merchantId(), store, clock, config.downloadLifetime(), this::publicUrl, config.billingZone(),
                config.invoiceRegistrationNumber().isEmpty() ? null : config.invoiceRegistrationNumber());
        var purchases = new PurchaseService(verifier, issuer, shop, store, clock, receipts, worker::wake, faults);
        var proof = new BuyerProof(new TokenVerifier(issuerKeys, clock, PROOF_SKEW).expecting(config.environment()),
                new TokenVerifier(issuerKeys, clock, Duration.ofSeconds(30)).expecting(config.environment()), config.merchantId());
        idempotency = new Idempotency(db, clock, Idempotency.keyFileBeside(config.signingKeyFile()), config.idempotencyRetention());
        var reversalStore = new dev.contentpay.settlement.reversal.ReversalStore(db);
        var reversals = new dev.contentpay.settlement.reversal.ReversalService(db, reversalStore, refundStore, issuer, clock, worker::wake);
        var downloads = new DownloadService(db, store, refundStore, shop, proof, config.linkOnlyWindow(), clock, receipts, reversalStore::reversed);
        var refunds = new RefundService(db, refundStore, clock, worker::wake);
        var reconciliation = new ReconciliationService(config.merchantId(), issuer, store, refundStore, outbox, ledger, clock,
                config.billingZone());
        // Ready only with its database and the issuer's merchant face, without which every purchase is refused.
        readiness = dev.contentpay.platform.observe.Readiness.of(
                dev.contentpay.platform.observe.Readiness.check("database", db::isReachable),
                dev.contentpay.platform.observe.Readiness.check("auth", dev.contentpay.platform.observe.Readiness.reachable(
                        config.authMerchantUrl(), authLine == null ? null : authLine.context())));
        app = WebServer.create(name(), readiness, null, !config.management().enabled(), javalin -> { }, routes -> {
            new dev.contentpay.platform.http.RateLimiter(config.rateLimits(), clock).limitEveryRequest(routes);
            new PurchaseEndpoints(purchases, idempotency, downloads, config.inlineAtMost()).register(routes);
            new DownloadEndpoints(downloads, idempotency).register(routes);
            new dev.contentpay.settlement.checkout.CheckoutEndpoints(purchases, downloads, store, idempotency, config.shopUrl(), config.publicUrl(), clock,
                    receipts, () -> shop.merchantName(config.merchantId())).register(routes);
            new DiscoveryEndpoints(keys).register(routes);
            new AdminEndpoints(operator, refunds, new DeadLetters(outbox, clock, worker::wake), reconciliation, ledger, idempotency,
                    reversals).register(routes);
            new dev.contentpay.platform.http.SigningKeyEndpoints(keys, idempotency,
                    authLine == null ? List.of() : List.of(authLine)).register(routes);
            new EventEndpoints(operator, events).register(routes);
            new dev.contentpay.settlement.webhook.IssuerEventEndpoints(new dev.contentpay.settlement.webhook.IssuerEventService(db,
                    new dev.contentpay.settlement.webhook.JdbiIssuerEventStore(db), store, refundStore, events, config.merchantId(), clock, reversals,
                    config.environment()),
                    config.authWebhookKeysFile(), clock, issuer, idempotency).register(routes);
            new OperatorPageEndpoints(operator, new OperatorPageService(config.merchantId(), new MerchantView(new dev.contentpay.settlement.operator.JdbiMerchantViewStore(db)), refundStore, outbox,
                    ledger, clock, config.billingZone(), reversalStore), dev.contentpay.platform.web.Cookies.forSite(config.publicUrl()), reversals, idempotency).register(routes);
        });
    }

    private IssuerClient issuerClient(TokenSigner signer) {
        var asserting = new ServiceClient.Identity(config.merchantId(), signer, config.authIssuerId());
        // Mutual TLS on the dedicated line when configured; a line MAC (or, without a line key, the
        // signed assertion) still binds each request.
        var tls = authLine == null ? null : authLine.context();
        var lineKeys = new dev.contentpay.settlement.issuer.IssuerLineKeys(
                new ServiceClient(config.authMerchantUrl(), config.authTimeout(), ErrorCode.AUTH_UNAVAILABLE, asserting, clock, tls), clock);
        var identity = new ServiceClient.Identity(config.merchantId(), signer, config.authIssuerId(), lineKeys);
        return new IssuerClient(
                new ServiceClient(config.authMerchantUrl(), config.authTimeout(), ErrorCode.AUTH_UNAVAILABLE, identity, clock, tls),
                new ServiceClient(config.authMerchantUrl(), config.reconcileTimeout(), ErrorCode.AUTH_UNAVAILABLE, identity, clock, tls));
    }

    private ShopClient shopClient(TokenSigner signer) {
        // The catalog is public; the contents are given only to this merchant's settlement.
        var identity = new ServiceClient.Identity(config.merchantId(), signer, config.merchantId() + "-shop");
        return new ShopClient(
                new ServiceClient(config.shopUrl(), config.shopTimeout(), ErrorCode.SHOP_UNAVAILABLE, null, clock),
                new ServiceClient(config.shopUrl(), config.shopTimeout(), ErrorCode.SHOP_UNAVAILABLE, identity, clock)
                        .streamSilentAtMost(config.shopContentIdleTimeout()),
                new dev.contentpay.settlement.delivery.ContentCopies(config.contentFolder()), clock);
    }

    /** A tenth of the abandon limit, between one second and thirty: a crash's leftovers go soon after they may. */
    private Duration sweepInterval() {
        Duration tenth = config.abandonAfter().dividedBy(10);
        if (tenth.compareTo(Duration.ofSeconds(1)) < 0) return Duration.ofSeconds(1);
        return tenth.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : tenth;
    }

    /** Our signing keys, made on first start; their public halves are published beside them for the issuer and the shop. */
    private TokenSigner signer() {
        keys = KeyRing.loadOrCreate(config.signingKeyFile(), config.signingKeyId(), config.publicKeysFile(), config.keysRetireAfter(), clock);
        dev.contentpay.platform.db.EnvironmentMark.requireKeyFile(config.signingKeyFile(), "signing.key-file", config.environment());
        return keys.signer().marking(config.environment());
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

    @Override
    public URI managementUrl() {
        return management == null ? null : management.url();
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

    public SettlementConfig config() {
        return config;
    }

    /** Payment notices not yet acknowledged by the issuer (nor on the dead-letter list). */
    public int pendingNotices() {
        return pending(OutboxMessage.Kind.NOTICE);
    }

    /** Messages of one kind not yet acknowledged by the issuer (nor on the dead-letter list). */
    public int pending(OutboxMessage.Kind kind) {
        if (outbox == null) throw new IllegalStateException("the settlement server is not started");
        return outbox.pending(kind);
    }

    /** Stops taking requests first, then the sweeper and the outbox worker, then closes the database they use. */
    @Override
    public void close() {
        if (keys != null) {
            keys.close();
            keys = null;
        }
        if (app != null) {
            app.stop();
            app = null;
        }
        if (management != null) {
            management.close();
            management = null;
        }
        if (sweeper != null) {
            sweeper.close();
            sweeper = null;
        }
        if (worker != null) {
            worker.close();
            worker = null;
        }
        if (checkpoints != null) {
            checkpoints.close();
            checkpoints = null;
        }
        if (idempotency != null) {
            idempotency.close();
            idempotency = null;
        }
        if (db != null) {
            if (db != shared) db.close();
            db = null;
        }
        outbox = null;
    }
}
