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
    private final TokenSigner signer;
    private final SubscriberStore subscribers;
    private final MerchantRegistry merchants;
    private final AuditLog audit;
    private final Authenticator authenticator;
    private final ApprovalService approvals;
    private final Javalin subscriberFace;
    private final Javalin merchantFace;
    private final Javalin adminFace;
    private final StatementService statements;
    private final Sweeper sweeper;

    private AuthServer(AuthConfig config, Clock clock) {
        this.config = config;
        this.signer = new TokenSigner(KeyFiles.loadOrCreate(config.signingKeyFile(), config.issuerId() + "-1"));
        KeyFiles.writePublic(publicKeysFile(config.signingKeyFile()), List.of(signer.publicKey()));
        var pseudonyms = Pseudonyms.fromFile(config.pseudonymSecretFile());
        this.db = Database.open("auth", config.databaseUrl(), "auth", 8);
        var hasher = new PasswordHasher(config.passwordCost(), config.passwordMaxWaiting());
        // The stores that take the caller's transaction hold no state: one of each serves every service.
        var approvalStore = new JdbiApprovalStore();
        var budgets = new JdbiBudgetStore();
        this.subscribers = new JdbiSubscriberStore(db, hasher, clock, budgets);
        var merchantStore = new dev.contentpay.auth.merchant.JdbiMerchantStore(db);
        this.merchants = new MerchantRegistry(merchantStore, clock);
        for (var m : config.merchants()) {
            merchants.register(new MerchantRegistry.Registration(m.id(), m.name(),
                    merchantKeys(m.id(), "seal-keys-file", m.sealKeysFile(), "its shop's public JWK set"),
                    merchantKeys(m.id(), "assertion-keys-file", m.assertionKeysFile(), "its settlement server's public JWK set"),
                    m.settlementUrl(), m.certificateName()));
        }
        // The dedicated lines are mutual TLS when configured (docs/CONFIGURATION.md); the assertions stay.
        SSLContext bureauTls = TlsFiles.sslContextOrNull(config.bureauTls());
        SSLContext merchantTls = TlsFiles.sslContextOrNull(config.merchantTls());
        var bureauClient = new ServiceClient(config.bureauUrl(), config.bureauTimeout(), ErrorCode.BUREAU_UNAVAILABLE,
                new ServiceClient.Identity(config.issuerId(), signer, config.bureauId()), clock, bureauTls).acrossBoundary();
        var policy = new CreditPolicy(new BureauClient(bureauClient, clock, config.bureauCacheTtl()), config.bureauFallback());
        this.audit = new AuditLog(db, new dev.contentpay.auth.audit.JdbiAuditStore(), clock);
        this.authenticator = new Authenticator(db, subscribers, hasher, audit, clock, config.signInMaxFailures(), config.signInLockDuration(),
                config.pinMaxFailures(), config.pinLockDuration());
        this.idempotency = new Idempotency(db, clock, Idempotency.keyFileBeside(config.signingKeyFile()), config.idempotencyRetention());
        var periods = new dev.contentpay.auth.approval.BudgetPeriods(config.billingZone());
        this.approvals = new ApprovalService(db, approvalStore, budgets, authenticator, merchants, policy, pseudonyms, signer, config.issuerId(),
                config.approvalLifetime(), clock, audit, periods);
        var judge = new JudgeService(db, approvalStore, budgets, subscribers, signer, config.issuerId(), config.noticeTimeout(), clock, audit,
                merchants::isSuspended);
        var voids = new VoidService(db, approvalStore, budgets, audit, clock);
        this.statements = new StatementService(db, approvalStore, budgets, merchants, clock, periods,
                config.invoiceRegistrationNumber().isEmpty() ? null : config.invoiceRegistrationNumber(), config.merchants().stream()
                        .filter(m -> !m.registrationNumber().isEmpty())
                        .collect(java.util.stream.Collectors.toMap(AuthConfig.MerchantSetting::id, AuthConfig.MerchantSetting::registrationNumber)));
        this.sweeper = new Sweeper(db, approvalStore, voids, audit, clock, config.sweeperInterval())
                .alsoPurge(new dev.contentpay.auth.subscriber.StaleSignInFailures(db, clock, config.signInLockDuration())::purge);

        // Ready only with its database and, when it would refuse without it, the bureau ([0091]).
        var readiness = config.bureauFallback() == AuthConfig.BureauFallback.REFUSE
                ? Readiness.of(Readiness.check("database", db::isReachable), Readiness.check("bureau", Readiness.reachable(config.bureauUrl(), bureauTls)))
                : Readiness.of(Readiness.check("database", db::isReachable));
        var rateLimiter = new dev.contentpay.platform.http.RateLimiter(config.rateLimits(), clock);
        var admin = new AdminService(db, budgets, subscribers, audit, policy, clock, config.pinDefaultAmount(), periods);
        var subscriberEndpoints = new SubscriberEndpoints(approvals, new HistoryService(db, approvalStore, budgets, merchants, clock, periods), authenticator, idempotency,
                admin, statements, new dev.contentpay.auth.approval.BuyerProofs(merchants, pseudonyms, signer, config.issuerId(), audit, clock));
        var merchantEndpoints = new MerchantEndpoints(judge, new PaymentNoticeService(db, approvalStore, budgets, audit, clock, config.pointsEarnPercent()), voids,
                new RefundService(db, approvalStore, budgets, audit, clock), statements, idempotency, merchants, config.issuerId(), merchantTls != null,
                new dev.contentpay.auth.merchant.LineKeys(dev.contentpay.auth.merchant.LineKeys.fileBeside(config.signingKeyFile()), clock), clock);
        var operator = OperatorToken.loadOrCreate(config.adminTokenFile(), "auth");
        // Terminal credentials (docs/TERMINALS.md): enrollment, proofs, the PIN amount, listing and revocation.
        var terminals = dev.contentpay.auth.terminal.Terminals.wire(config, db, clock, subscribers, authenticator, approvals, audit, idempotency);
        var pages = dev.contentpay.auth.pages.AuthPages.wire(config, db, clock, subscribers, merchants, authenticator, approvals, admin,
                statements, audit, idempotency);
        var merchantAdmin = new dev.contentpay.auth.merchant.MerchantService(db, merchantStore, merchants, audit, clock);
        var adminEndpoints = new AdminEndpoints(admin, merchantAdmin, statements, subscribers, audit, idempotency, this::sweep);
        String jwks = new JWKSet(signer.publicKey()).toString(true);
        Handler keys = ctx -> ctx.contentType("application/jwk-set+json").result(jwks);
        this.subscriberFace = WebServer.create("auth", readiness, cfg -> cfg.jetty.host = config.host(), routes -> {
            routes.before("/v1/*", rateLimiter::acquire);
            subscriberEndpoints.register(routes);
            terminals.registerSubscriberFace(routes);
            pages.register(routes);
            routes.get("/v1/keys", keys);
            ApiDocument.serve(routes, AuthServer.class, "/auth/openapi-subscriber.json");
        });
        this.merchantFace = WebServer.create("auth-merchant", readiness, merchantTls, cfg -> cfg.jetty.host = config.host(), routes -> {
            // The merchant's trace stops at the issuer's door: auth's lines carry a trace of its own,
            // with the merchant's only as caller_trace in auth's own logs.
            WebServer.startOwnTraces(routes);
            merchantEndpoints.register(routes);
            routes.get("/v1/keys", keys);
            ApiDocument.serve(routes, AuthServer.class, "/auth/openapi-merchant.json");
        });
        this.adminFace = WebServer.create("auth-admin", readiness, cfg -> cfg.jetty.host = config.host(), routes -> {
            routes.before("/v1/admin/*", operator::require);
            terminals.registerAdminFace(routes);
            adminEndpoints.register(routes);
            ApiDocument.serve(routes, AuthServer.class, "/auth/openapi-admin.json");
        });
    }

    public static AuthServer start(AuthConfig config, Clock clock) {
        var server = new AuthServer(config, clock);
        try {
            server.subscriberFace.start(config.host(), config.subscriberPort());
            server.merchantFace.start(config.host(), config.merchantPort());
            server.adminFace.start(config.host(), config.adminPort());
            server.sweeper.start();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
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

    /** Runs one sweep now (tests, and operators through the admin face). */
    public int sweep() {
        return sweeper.sweep();
    }

    @Override
    public void close() {
        sweeper.close();
        idempotency.close();
        subscriberFace.stop();
        merchantFace.stop();
        adminFace.stop();
        db.close();
    }
}
