package dev.contentpay.bureau;

import dev.contentpay.platform.crypto.ClientAssertionCheck;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.RunningServer;
import dev.contentpay.platform.http.ApiDocument;
import dev.contentpay.platform.http.WebServer;
import dev.contentpay.platform.id.Ids;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;

/**
 * The financial institution reference server 7: answers an authenticated issuer's question "what
 * is the payment history of the person you know as this reference" ([0048], [0063]).
 */
public final class BureauServer implements RunningServer {

    private static final Logger LOG = LoggerFactory.getLogger(BureauServer.class);

    private final BureauConfig config;
    private final Database db;
    private final CreditRecordStore records;
    private final ClientAssertionCheck clients;
    private final Javalin app;
    private final dev.contentpay.platform.observe.Readiness readiness;
    /** /metrics and /health apart from the public port, when management.port is set; else null. */
    private dev.contentpay.platform.http.ManagementPort management;

    private BureauServer(BureauConfig config, Clock clock) {
        this.config = config;
        if (!java.nio.file.Files.isRegularFile(config.clientKeysFile())) {
            throw new IllegalStateException("client.keys-file " + config.clientKeysFile() + " does not exist: it must hold the issuer's public JWK set (auth writes it on its first start)");
        }
        // Read again when the issuer's assertions name a key it rotated in (docs/SECURITY.md, keys).
        this.clients = new ClientAssertionCheck(new dev.contentpay.platform.crypto.PublicKeyFile(config.clientId(), config.clientKeysFile(),
                KeyFiles.readPublic(config.clientKeysFile()), clock), config.bureauId(), clock, "a report query");
        this.db = Database.open("bureau", config.databaseUrl(), "bureau", 4);
        this.records = new JdbiCreditRecordStore(db);
        // Only the issuer, with a certificate from the configured authority, may connect (when TLS is configured).
        this.readiness = dev.contentpay.platform.observe.Readiness.of(dev.contentpay.platform.observe.Readiness.check("database", db::isReachable));
        this.app = WebServer.create("bureau", readiness, dev.contentpay.platform.tls.TlsFiles.sslContextOrNull(config.tls()),
                !config.management().enabled(), cfg -> cfg.jetty.host = config.host(), routes -> {
                    new dev.contentpay.platform.http.RateLimiter(config.rateLimits(), clock).limitEveryRequest(routes);
                    routes.get("/v1/reports/{reference}", this::report);
                    ApiDocument.serve(routes, BureauServer.class, "/bureau/openapi.json");
                });
    }

    public static BureauServer start(BureauConfig config, Clock clock) {
        var server = new BureauServer(config, clock);
        try {
            server.app.start(config.host(), config.port());
            server.management = dev.contentpay.platform.http.ManagementPort.start("bureau", server.readiness, config.management());
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    @Override
    public java.net.URI managementUrl() {
        return management == null ? null : management.url();
    }

    private void report(Context ctx) {
        authenticate(ctx);
        String reference = ctx.pathParam("reference");
        if (!Ids.isWellFormed(reference)) throw ContentpayException.invalid("reference", "is not a well-formed reference");
        var report = records.find(reference).orElseThrow(() -> new ContentpayException(ErrorCode.NOT_FOUND, "The bureau holds no record under this reference."));
        LOG.info("report on {} given to {}", reference, config.clientId());
        ctx.json(report);
    }

    private void authenticate(Context ctx) {
        clients.callerOf(ctx, new byte[0]);
    }

    public CreditRecordStore records() {
        return records;
    }

    @Override
    public String name() {
        return "bureau";
    }

    @Override
    public URI url() {
        return URI.create((config.tls() == null ? "http://" : "https://") + config.host() + ":" + app.port());
    }

    @Override
    public void close() {
        app.stop();
        if (management != null) management.close();
        db.close();
    }
}
