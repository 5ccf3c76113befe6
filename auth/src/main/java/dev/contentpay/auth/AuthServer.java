package dev.contentpay.auth;

import com.nimbusds.jose.jwk.JWKSet;
import dev.contentpay.auth.admin.AdminEndpoints;
import dev.contentpay.auth.admin.AdminService;
import dev.contentpay.platform.http.OperatorToken;
import dev.contentpay.auth.approval.ApprovalService;
import dev.contentpay.auth.approval.JdbiApprovalStore;
import dev.contentpay.auth.approval.JdbiBudgetStore;
import dev.contentpay.auth.audit.AuditLog;
import dev.contentpay.platform.observe.Readiness;
import dev.contentpay.auth.approval.HistoryService;
import dev.contentpay.auth.approval.Pseudonyms;
import dev.contentpay.auth.credit.BureauClient;
import dev.contentpay.auth.credit.CreditPolicy;
import dev.contentpay.auth.approval.JudgeService;
import dev.contentpay.auth.merchant.MerchantRegistry;
import dev.contentpay.auth.approval.PaymentNoticeService;
import dev.contentpay.auth.approval.RefundService;
import dev.contentpay.auth.approval.Sweeper;
import dev.contentpay.auth.approval.VoidService;
import dev.contentpay.auth.statement.StatementService;
import dev.contentpay.auth.subscriber.Authenticator;
import dev.contentpay.auth.subscriber.JdbiSubscriberStore;
import dev.contentpay.auth.subscriber.SubscriberStore;
import dev.contentpay.auth.MerchantEndpoints;
import dev.contentpay.auth.SubscriberEndpoints;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.crypto.KeyRing;
import dev.contentpay.platform.crypto.PasswordHasher;
import dev.contentpay.platform.crypto.TokenSigner;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Idempotency;
import dev.contentpay.platform.http.RunningServer;
import dev.contentpay.platform.http.ServiceClient;
import dev.contentpay.platform.http.ApiDocument;
import dev.contentpay.platform.http.WebServer;
import io.javalin.Javalin;
import io.javalin.http.Handler;

import dev.contentpay.platform.tls.TlsFiles;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The authentication server 3, run by the carrier or card issuer: the subscriber face for
 * terminals and the merchant face (the dedicated line) for settlement servers, over one database.
 */
public final class AuthServer implements RunningServer {

    private final Idempotency idempotency;
    private final AuthConfig config;
    private final Database db;
    private final KeyRing keys;
    private final TokenSigner signer;
    private final SubscriberStore subscribers;
    private final MerchantRegistry merchants;
    private final AuditLog audit;
    private final Authenticator authenticator;
    private final ApprovalService approvals;
    private final Javalin subscriberFace;
    private final Javalin merchantFace;
    private final Javalin adminFace;
    private final dev.contentpay.platform.observe.Readiness readiness;
    /** /metrics and /health apart from the faces, when management.port is set; else null. */
    private dev.contentpay.platform.http.ManagementPort management;
    private final StatementService statements;
    private final Sweeper sweeper;
    private final dev.contentpay.auth.event.WebhookWorker webhooks;

    private AuthServer(AuthConfig config, Clock clock) {
        this.config = config;
        this.keys = KeyRing.loadOrCreate(config.signingKeyFile(), config.issuerId() + "-1", publicKeysFile(config.signingKeyFile()),
                config.keysRetireAfter(), clock);
        var environment = config.environment();
        dev.contentpay.platform.db.EnvironmentMark.requireKeyFile(config.signingKeyFile(), "signing.key-file", environment);
        // Everything auth signs (approvals, allowances, buyer proofs, its assertions) carries its environment's mark.
        this.signer = keys.signer().marking(environment);
        var pseudonyms = Pseudonyms.fromFile(config.pseudonymSecretFile());
        this.db = Database.open("auth", config.databaseUrl(), "auth", 8);
        try {
            dev.contentpay.platform.db.EnvironmentMark.require(db, "auth", environment);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        var hasher = new PasswordHasher(config.passwordCost(), config.passwordMaxWaiting());
        // The stores that take the caller's transaction hold no state: one of each serves every service.
        var approvalStore = new JdbiApprovalStore();
        var budgets = new JdbiBudgetStore();
        this.subscribers = new JdbiSubscriberStore(db, hasher, clock, budgets);
        var merchantStore = new dev.contentpay.auth.merchant.JdbiMerchantStore(db);
        // A configured merchant's key files are read again when its shop or settlement server rotates in a key.
        this.merchants = new MerchantRegistry(merchantStore, clock).readingAgainFrom(id -> config.merchants().stream()
                .filter(m -> m.id().equals(id)).findFirst().map(AuthServer::registration).orElse(null));
        for (var m : config.merchants()) {
            merchants.register(registration(m));
        }
        // The dedicated lines are mutual TLS when configured (docs/CONFIGURATION.md); the assertions stay.
        // Each line's certificate can be read again while auth runs (POST /v1/admin/tls/reloads).
        TlsFiles.Line bureauLine = config.bureauTls() == null ? null : config.bureauTls().line();
        TlsFiles.Line merchantLine = config.merchantTls() == null ? null : config.merchantTls().line();
        SSLContext bureauTls = bureauLine == null ? null : bureauLine.context();
        SSLContext merchantTls = merchantLine == null ? null : merchantLine.context();
        var lines = java.util.stream.Stream.of(merchantLine, bureauLine).filter(java.util.Objects::nonNull).toList();
        var bureauClient = new ServiceClient(config.bureauUrl(), config.bureauTimeout(), ErrorCode.BUREAU_UNAVAILABLE,
                new ServiceClient.Identity(config.issuerId(), signer, config.bureauId()), clock, bureauTls).acrossBoundary();
        // A sandbox's test subscribers buy without money: no bureau is asked about them, their limit alone applies.
        var policy = environment.isSandbox() ? CreditPolicy.withoutBureau()
                : new CreditPolicy(new BureauClient(bureauClient, clock, config.bureauCacheTtl()), config.bureauFallback());
        this.audit = new AuditLog(db, new dev.contentpay.auth.audit.JdbiAuditStore(), clock);
        this.authenticator = new Authenticator(db, subscribers, hasher, audit, clock, config.signInMaxFailures(), config.signInLockDuration(),
                config.pinMaxFailures(), config.pinLockDuration());
        this.idempotency = new Idempotency(db, clock, Idempotency.keyFileBeside(config.signingKeyFile()), config.idempotencyRetention());
        var periods = new dev.contentpay.auth.approval.BudgetPeriods(config.billingZone());
        this.approvals = new ApprovalService(db, approvalStore, budgets, authenticator, merchants, policy, pseudonyms, signer, config.issuerId(),
                config.approvalLifetime(), clock, audit, periods);
        var judge = new JudgeService(db, approvalStore, budgets, signer, config.issuerId(), config.noticeTimeout(), clock, audit,
                merchants::isSuspended, keys.ownKeys(config.issuerId()));
        // Events owed to merchants, written in the transactions of the changes they report and sent as signed webhooks.
        var eventStore = new dev.contentpay.auth.event.JdbiMerchantEventStore(db);
        var events = new dev.contentpay.auth.event.MerchantEvents(eventStore, clock, environment);
        var webhookKey = KeyFiles.loadOrCreate(config.webhookKeyFile(), config.issuerId() + "-webhook-1");
        dev.contentpay.platform.db.EnvironmentMark.requireKeyFile(config.webhookKeyFile(), "webhook.key-file", environment);
        KeyFiles.writePublic(publicKeysFile(config.webhookKeyFile()), List.of(webhookKey.toPublicJWK()));
        this.webhooks = new dev.contentpay.auth.event.WebhookWorker(eventStore, merchants, webhookKey, clock, config.webhookPollInterval(),
                config.webhookTimeout(), merchantTls);
        events.onRecorded(webhooks::wake);
        // The fault injector exists only in a sandbox issuer; a live one has none to switch on.
        var faults = environment.isSandbox() ? new dev.contentpay.auth.sandbox.SandboxFaults(db, clock, config.sandboxFaultDelay()) : null;
        if (faults != null) webhooks.withFaults(faults);
        var sandbox = new dev.contentpay.auth.sandbox.SandboxEndpoints(faults, merchants);
        var deliveries = new dev.contentpay.auth.event.WebhookDeliveries(eventStore, clock, webhooks::wake);
        var voids = new VoidService(db, approvalStore, budgets, audit, clock, events);
        this.statements = new StatementService(db, approvalStore, budgets, merchants, clock, periods,
                config.invoiceRegistrationNumber().isEmpty() ? null : config.invoiceRegistrationNumber(), environment);
        this.sweeper = new Sweeper(db, approvalStore, voids, audit, clock, config.sweeperInterval(), events)
                .alsoPurge(new dev.contentpay.auth.subscriber.StaleSignInFailures(db, clock, config.signInLockDuration())::purge);

        // Ready only with its database and, when it would refuse without it, the bureau ([0091]).
        this.readiness = config.bureauFallback() == AuthConfig.BureauFallback.REFUSE && !environment.isSandbox()
                ? Readiness.of(Readiness.check("database", db::isReachable), Readiness.check("bureau", Readiness.reachable(config.bureauUrl(), bureauTls)))
                : Readiness.of(Readiness.check("database", db::isReachable));
        var rateLimiter = new dev.contentpay.platform.http.RateLimiter(config.rateLimits(), clock);
        var admin = new AdminService(db, budgets, subscribers, audit, policy, clock, config.pinDefaultAmount(), periods);
        var history = new HistoryService(db, approvalStore, budgets, merchants, clock, periods);
        var subscriberEndpoints = new SubscriberEndpoints(approvals, history, authenticator, idempotency,
                admin, statements, new dev.contentpay.auth.approval.BuyerProofs(merchants, pseudonyms, signer, config.issuerId(), audit, clock));
        var refunds = new RefundService(db, approvalStore, budgets, audit, clock, events);
        var reversals = new dev.contentpay.auth.reversal.ReversalService(db, approvalStore, refunds, audit, events, clock);
        var merchantEndpoints = new MerchantEndpoints(judge, new PaymentNoticeService(db, approvalStore, budgets, audit, clock, config.pointsEarnPercent()), voids,
                refunds, statements, idempotency, merchants, config.issuerId(), merchantTls != null,
                new dev.contentpay.auth.merchant.LineKeys(dev.contentpay.auth.merchant.LineKeys.fileBeside(config.signingKeyFile()), clock), deliveries, clock,
                reversals)
                .withNoticeFaults(faults == null ? dev.contentpay.auth.approval.NoticeFaults.NONE : faults);
        var operator = OperatorToken.loadOrCreate(config.adminTokenFile(), "auth");
        // Terminal credentials (docs/TERMINALS.md): enrollment, proofs, the PIN amount, listing and revocation.
        var terminals = dev.contentpay.auth.terminal.Terminals.wire(config, db, clock, subscribers, authenticator, approvals, audit, idempotency, history);
        var pages = dev.contentpay.auth.pages.AuthPages.wire(config, db, clock, subscribers, merchants, authenticator, approvals, admin,
                statements, audit, idempotency);
        var merchantAdmin = new dev.contentpay.auth.merchant.MerchantService(db, merchantStore, merchants, audit, clock);
        var reversalPages = new dev.contentpay.auth.reversal.ReversalPages(reversals, operator, idempotency,
                config.billingZone());
        var adminEndpoints = new AdminEndpoints(admin, merchantAdmin, statements, subscribers, audit, idempotency, this::sweep, deliveries, reversals);
        // Every key not yet retired: the current one and those it replaced, until their tokens have expired.
        Handler publicKeys = ctx -> ctx.contentType("application/jwk-set+json").result(keys.publicKeys().toString(true));
        var signingKeys = new dev.contentpay.platform.http.SigningKeyEndpoints(keys, idempotency, lines).audited(
                detail -> audit.record(dev.contentpay.auth.audit.AuditLog.Kind.SIGNING_KEY_ROTATED, "admin", null, detail),
                detail -> audit.record(dev.contentpay.auth.audit.AuditLog.Kind.LINE_CERTIFICATE_RELOADED, "admin", null, detail));
        // With a management port, /metrics is served there only; every face keeps its health probes.
        boolean metricsHere = !config.management().enabled();
        this.subscriberFace = WebServer.create("auth", readiness, null, metricsHere, cfg -> cfg.jetty.host = config.host(), routes -> {
            routes.before("/v1/*", rateLimiter::acquire);
            sandbox.registerHeader(routes);
            subscriberEndpoints.register(routes);
            terminals.registerSubscriberFace(routes);
            pages.register(routes);
            routes.get("/v1/keys", publicKeys);
            ApiDocument.serve(routes, AuthServer.class, "/auth/openapi-subscriber.json");
        });
        this.merchantFace = WebServer.create("auth-merchant", readiness, merchantTls, metricsHere, cfg -> cfg.jetty.host = config.host(), routes -> {
            // The merchant's trace stops at the issuer's door: auth's lines carry a trace of its own,
            // with the merchant's only as caller_trace in auth's own logs.
            WebServer.startOwnTraces(routes);
            sandbox.registerHeader(routes);
            merchantEndpoints.register(routes);
            routes.get("/v1/keys", publicKeys);
            ApiDocument.serve(routes, AuthServer.class, "/auth/openapi-merchant.json");
        });
        this.adminFace = WebServer.create("auth-admin", readiness, null, metricsHere, cfg -> cfg.jetty.host = config.host(), routes -> {
            routes.before("/v1/admin/*", operator::require);
            terminals.registerAdminFace(routes);
            adminEndpoints.register(routes);
            reversalPages.register(routes);
            sandbox.registerAdmin(routes);
            signingKeys.register(routes);
            ApiDocument.serve(routes, AuthServer.class, "/auth/openapi-admin.json");
        });
    }

    public static AuthServer start(AuthConfig config, Clock clock) {
        var server = new AuthServer(config, clock);
        try {
            server.subscriberFace.start(config.host(), config.subscriberPort());
            server.merchantFace.start(config.host(), config.merchantPort());
            server.adminFace.start(config.host(), config.adminPort());
            server.management = dev.contentpay.platform.http.ManagementPort.start("auth", server.readiness, config.management());
            server.sweeper.start();
            server.webhooks.start();
            server.keys.start();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static MerchantRegistry.Registration registration(AuthConfig.MerchantSetting m) {
        return new MerchantRegistry.Registration(m.id(), m.name(),
                merchantKeys(m.id(), "seal-keys-file", m.sealKeysFile(), "its shop's public JWK set"),
                merchantKeys(m.id(), "assertion-keys-file", m.assertionKeysFile(), "its settlement server's public JWK set"),
                m.settlementUrl(), m.certificateName(), m.registrationNumber().isEmpty() ? null : m.registrationNumber());
    }

    /** Where a server keeps the public half of its signing key: {@code x.jwk} → {@code x.public.jwks}. */
    private static com.nimbusds.jose.jwk.JWKSet merchantKeys(String id, String setting, Path file, String holds) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("merchant." + id + "." + setting + " " + file + " does not exist: it must hold the merchant's " + holds.substring(4));
        }
        return KeyFiles.readPublic(file);
    }

    public static Path publicKeysFile(Path privateKeyFile) {
        String name = privateKeyFile.getFileName().toString().replaceFirst("\\.jwk$", "");
        return privateKeyFile.resolveSibling(name + ".public.jwks");
    }

    public SubscriberStore subscribers() {
        return subscribers;
    }

    public MerchantRegistry merchants() {
        return merchants;
    }

    public Database database() {
        return db;
    }

    @Override
    public String name() {
        return "auth";
    }

    @Override
    public URI url() {
        return URI.create("http://" + config.host() + ":" + subscriberFace.port());
    }

    @Override
    public URI managementUrl() {
        return management == null ? null : management.url();
    }

    /** The operators' face. */
    public URI adminUrl() {
        return URI.create("http://" + config.host() + ":" + adminFace.port());
    }

    public AuditLog audit() {
        return audit;
    }

    /** The dedicated line, for settlement servers only. */
    public URI merchantUrl() {
        return URI.create((config.merchantTls() == null ? "http://" : "https://") + config.host() + ":" + merchantFace.port());
    }

    @Override
    public Map<String, URI> faces() {
        var faces = new LinkedHashMap<String, URI>();
        faces.put("auth", url());
        faces.put("auth (merchant face)", merchantUrl());
        faces.put("auth (admin face)", adminUrl());
        return faces;
    }

    /** Runs one round of webhook deliveries now: every event due is sent once (tests). */
    public int deliverWebhooks() {
        return webhooks.deliverDue();
    }

    /** Runs one sweep now (tests, and operators through the admin face). */
    public int sweep() {
        return sweeper.sweep();
    }

    @Override
    public void close() {
        keys.close();
        sweeper.close();
        webhooks.close();
        idempotency.close();
        subscriberFace.stop();
        merchantFace.stop();
        adminFace.stop();
        if (management != null) management.close();
        db.close();
    }
}
