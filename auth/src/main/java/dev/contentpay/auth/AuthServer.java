package dev.contentpay.auth;

import com.nimbusds.jose.jwk.JWKSet;
import dev.contentpay.auth.approval.ApprovalService;
import dev.contentpay.auth.approval.HistoryService;
import dev.contentpay.auth.approval.Pseudonyms;
import dev.contentpay.auth.credit.BureauClient;
import dev.contentpay.auth.credit.CreditPolicy;
import dev.contentpay.auth.judge.JudgeService;
import dev.contentpay.auth.merchant.MerchantRegistry;
import dev.contentpay.auth.notice.PaymentNoticeService;
import dev.contentpay.auth.subscriber.Authenticator;
import dev.contentpay.auth.subscriber.SubscriberStore;
import dev.contentpay.auth.web.MerchantEndpoints;
import dev.contentpay.auth.web.SubscriberEndpoints;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.crypto.PasswordHasher;
import dev.contentpay.platform.crypto.TokenSigner;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Idempotency;
import dev.contentpay.platform.http.RunningServer;
import dev.contentpay.platform.http.ServiceClient;
import dev.contentpay.platform.http.WebServer;
import io.javalin.Javalin;

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

    private final AuthConfig config;
    private final Database db;
    private final TokenSigner signer;
    private final SubscriberStore subscribers;
    private final MerchantRegistry merchants;
    private final Javalin subscriberFace;
    private final Javalin merchantFace;

    private AuthServer(AuthConfig config, Clock clock) {
        this.config = config;
        this.signer = new TokenSigner(KeyFiles.loadOrCreate(config.signingKeyFile(), config.issuerId() + "-1"));
        KeyFiles.writePublic(publicKeysFile(config.signingKeyFile()), List.of(signer.publicKey()));
        var pseudonyms = Pseudonyms.fromFile(config.pseudonymSecretFile());
        this.db = Database.open("auth", config.databaseUrl(), "auth", 8);
        var hasher = new PasswordHasher(config.passwordCost());
        this.subscribers = new SubscriberStore(db, hasher, clock);
        this.merchants = new MerchantRegistry(db, clock);
        for (var m : config.merchants()) {
            if (!Files.isRegularFile(m.keysFile())) {
                throw new IllegalStateException("merchant." + m.id() + ".keys-file " + m.keysFile() + " does not exist: it must hold the merchant's public JWK set");
            }
            merchants.register(m.id(), m.name(), KeyFiles.readPublic(m.keysFile()));
        }
        var bureauClient = new ServiceClient(config.bureauUrl(), config.bureauTimeout(), ErrorCode.BUREAU_UNAVAILABLE,
                new ServiceClient.Identity(config.issuerId(), signer, config.bureauId()), clock);
        var policy = new CreditPolicy(new BureauClient(bureauClient, clock, config.bureauCacheTtl()), config.bureauFallback());
        var authenticator = new Authenticator(subscribers, hasher);
        var idempotency = new Idempotency(db, clock);
        var approvals = new ApprovalService(db, authenticator, merchants, policy, pseudonyms, signer, config.issuerId(),
                config.approvalLifetime(), clock);
        var judge = new JudgeService(db, signer, config.issuerId(), config.noticeTimeout(), clock);

        this.subscriberFace = WebServer.create("auth", db::isReachable, cfg -> cfg.jetty.defaultHost = config.host());
        new SubscriberEndpoints(approvals, new HistoryService(db, merchants, clock), authenticator, idempotency).register(subscriberFace);
        this.merchantFace = WebServer.create("auth-merchant", db::isReachable, cfg -> cfg.jetty.defaultHost = config.host());
        new MerchantEndpoints(judge, new PaymentNoticeService(db, clock), idempotency, merchants, config.issuerId(), clock).register(merchantFace);
        String jwks = new JWKSet(signer.publicKey()).toString(true);
        subscriberFace.get("/v1/keys", ctx -> ctx.contentType("application/jwk-set+json").result(jwks));
        merchantFace.get("/v1/keys", ctx -> ctx.contentType("application/jwk-set+json").result(jwks));
    }

    public static AuthServer start(AuthConfig config, Clock clock) {
        var server = new AuthServer(config, clock);
        try {
            server.subscriberFace.start(config.host(), config.subscriberPort());
            server.merchantFace.start(config.host(), config.merchantPort());
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Where a server keeps the public half of its signing key: {@code x.jwk} → {@code x.public.jwks}. */
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

    /** The dedicated line, for settlement servers only. */
    public URI merchantUrl() {
        return URI.create("http://" + config.host() + ":" + merchantFace.port());
    }

    @Override
    public Map<String, URI> faces() {
        var faces = new LinkedHashMap<String, URI>();
        faces.put("auth", url());
        faces.put("auth (merchant face)", merchantUrl());
        return faces;
    }

    @Override
    public void close() {
        subscriberFace.stop();
        merchantFace.stop();
        db.close();
    }
}
