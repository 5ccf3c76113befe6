package dev.contentpay.auth.terminal;

import dev.contentpay.auth.AuthConfig;
import dev.contentpay.auth.approval.ApprovalService;
import dev.contentpay.auth.audit.AuditLog;
import dev.contentpay.auth.subscriber.Authenticator;
import dev.contentpay.auth.subscriber.SubscriberStore;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.http.Idempotency;
import io.javalin.config.RoutesConfig;

import java.nio.file.Path;
import java.time.Clock;

/**
 * Terminal credentials, wired into auth in one call: the master key, the services, the subscriber
 * face's endpoints and the admin face's, each registered when its face is built.
 */
public final class Terminals {

    /** The master key's file name, beside auth's other secrets (the pseudonym secret). */
    public static final String MASTER_KEY_FILE_NAME = "auth-terminal.key";

    private final TerminalEndpoints subscriberEndpoints;
    private final TerminalAdminEndpoints adminEndpoints;

    private Terminals(TerminalEndpoints subscriberEndpoints, TerminalAdminEndpoints adminEndpoints) {
        this.subscriberEndpoints = subscriberEndpoints;
        this.adminEndpoints = adminEndpoints;
    }

    /** Where the terminal master key lives for this configuration. */
    public static Path masterKeyFile(AuthConfig config) {
        return config.pseudonymSecretFile().toAbsolutePath().resolveSibling(MASTER_KEY_FILE_NAME);
    }

    /**
     * The terminal service over the same master key and database, for auth's web pages (docs/WEB.md):
     * browsers remembered as terminals, and the subscriber's list of terminals. It holds no state
     * of its own, so this second instance and the one {@link #wire} wires agree on everything.
     */
    public static TerminalService service(AuthConfig config, Database db, Clock clock, SubscriberStore subscribers,
                                          Authenticator authenticator, ApprovalService approvals, AuditLog audit) {
        return new TerminalService(db, new JdbiTerminalStore(db), TerminalKeys.fromFile(masterKeyFile(config)), authenticator, subscribers,
                approvals, audit, clock);
    }

    public static Terminals wire(AuthConfig config, Database db, Clock clock, SubscriberStore subscribers, Authenticator authenticator,
                                 ApprovalService approvals, AuditLog audit, Idempotency idempotency,
                                 dev.contentpay.auth.approval.HistoryService history) {
        var keys = TerminalKeys.fromFile(masterKeyFile(config));
        var store = new JdbiTerminalStore(db);
        var service = new TerminalService(db, store, keys, authenticator, subscribers, approvals, audit, clock);
        var proofs = new ProofVerifier(db, store, keys, audit, clock, config.terminalProofWindow());
        return new Terminals(new TerminalEndpoints(service, new PinThresholdService(db, subscribers, authenticator, audit), proofs, authenticator,
                idempotency, keys, history), new TerminalAdminEndpoints(service, idempotency));
    }

    /** Enrollment, proofs, the PIN amount and the subscriber's own list, on the subscriber face. */
    public void registerSubscriberFace(RoutesConfig routes) {
        subscriberEndpoints.register(routes);
    }

    /** Listing and revocation by the operator, on the admin face. */
    public void registerAdminFace(RoutesConfig routes) {
        adminEndpoints.register(routes);
    }
}
