package dev.contentpay.auth.terminal;

import dev.contentpay.auth.approval.ApprovalService;
import dev.contentpay.auth.audit.AuditLog;
import dev.contentpay.auth.subscriber.Authenticator;
import dev.contentpay.auth.subscriber.Subscriber;
import dev.contentpay.auth.subscriber.SubscriberStore;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.protocol.ApprovalResponse;
import dev.contentpay.protocol.EnrollRequest;
import dev.contentpay.protocol.EnrollResponse;
import dev.contentpay.protocol.TerminalApprovalRequest;
import dev.contentpay.protocol.TerminalInfo;
import dev.contentpay.protocol.TerminalList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Terminal credentials (SYSTEM.md §2 step 3 (b)): a terminal enrolls once with the subscriber's
 * id and password and from then on proves each purchase request with its own secret, as a SIM
 * does; the subscriber (or an operator) lists and revokes terminals. The purchase itself goes
 * through {@link ApprovalService#approveFor}, so a terminal gets exactly the password form's
 * checks: account status, PIN step-up, credit policy, limits and audit.
 */
public final class TerminalService {

    private static final Logger LOG = LoggerFactory.getLogger(TerminalService.class);
    /** Enough for every device a person owns; a bound, so a stolen password cannot fill the table. */
    static final int MAX_ACTIVE_TERMINALS = 20;
    static final String DEFAULT_NAME = "unnamed terminal";
    private static final String BROWSER_LABEL = "contentpay browser credential v1";

    private final Database db;
    private final TerminalStore store;
    private final TerminalKeys keys;
    private final Authenticator authenticator;
    private final SubscriberStore subscribers;
    private final ApprovalService approvals;
    private final AuditLog audit;
    private final Clock clock;

    TerminalService(Database db, TerminalStore store, TerminalKeys keys, Authenticator authenticator, SubscriberStore subscribers,
                    ApprovalService approvals, AuditLog audit, Clock clock) {
        this.db = db;
        this.store = store;
        this.keys = keys;
        this.authenticator = authenticator;
        this.subscribers = subscribers;
        this.approvals = approvals;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Enrolls a terminal for the subscriber whose id and password these are (an active account
     * only; failures count toward the lockout). The answer holds the secret; see {@link #withSecret}.
     */
    EnrollResponse enroll(EnrollRequest request) {
        Subscriber subscriber = authenticator.authenticate(request.subscriberId(), request.password());
        Terminal terminal = insert(subscriber, request.name() == null ? DEFAULT_NAME : request.name().strip());
        // Without the secret: this is what the idempotency record keeps (see TerminalEndpoints).
        return new EnrollResponse(terminal.id(), null, subscriber.id(), terminal.name(), terminal.enrolledAt());
    }

    /**
     * Enrolls the web browser of a subscriber who has just signed in with their password on auth's
     * own pages ("remember this browser", docs/WEB.md). The browser keeps {@link #browserCredentialOf}
     * in a cookie, never the terminal's secret, so a stolen cookie cannot sign terminal API requests
     * (which need no PIN below the PIN amount); on auth's pages it still needs the PIN.
     */
    public Terminal enrollBrowser(Subscriber subscriber, String name) {
        Authenticator.requireUsable(subscriber);
        return insert(subscriber, name);
    }

    /** The value a remembered browser keeps: derived from the terminal's secret, which stays with auth. */
    public String browserCredentialOf(String terminalId) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keys.secretOf(terminalId), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(BROWSER_LABEL.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The active browser terminal whose credential this is, without noting a use (to greet it by name). */
    public Optional<Terminal> browserTerminal(String terminalId, String credential) {
        if (!Ids.isWellFormed(terminalId) || terminalId.length() > 64 || credential == null) return Optional.empty();
        byte[] expected = browserCredentialOf(terminalId).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, credential.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return store.find(terminalId).filter(Terminal::isActive);
    }

    /** Notes a sign-in by a remembered browser; false when the terminal was revoked meanwhile. */
    public boolean noteBrowserUse(String terminalId) {
        return db.inTransaction(h -> store.markUsed(h, terminalId, clock.millis())) == 1;
    }

    private Terminal insert(Subscriber subscriber, String name) {
        Instant now = clock.instant();
        var terminal = new Terminal(Ids.random("trm"), subscriber.id(), name, Terminal.Status.ACTIVE, now, null, null, null);
        db.useTransaction(h -> {
            if (store.countActive(h, subscriber.id()) >= MAX_ACTIVE_TERMINALS) {
                throw new ContentpayException(ErrorCode.VALIDATION_FAILED, "You have " + MAX_ACTIVE_TERMINALS
                        + " enrolled terminals already; revoke one you no longer use first.");
            }
            store.insert(h, terminal);
            audit.record(h, AuditLog.Kind.TERMINAL_ENROLLED, subscriber.id(), subscriber.id(), null, null, null,
                    "terminal " + terminal.id() + " (" + terminal.name() + ")");
        });
        LOG.info("terminal {} enrolled for subscriber {}", terminal.id(), subscriber.id());
        return terminal;
    }

    /** The enrollment answer with its secret, derived again from the terminal id (it is never stored). */
    EnrollResponse withSecret(EnrollResponse response) {
        return new EnrollResponse(response.terminalId(), keys.encodedSecretOf(response.terminalId()), response.subscriberId(),
                response.name(), response.enrolledAt());
    }

    /** A purchase approval for the terminal's subscriber; the terminal's proof was checked already. */
    ApprovalResponse approve(Terminal terminal, TerminalApprovalRequest request, ApprovalService.RequestWrites proof) {
        // The subscriber is read afresh: a suspension or a changed PIN amount counts at once.
        Subscriber subscriber = subscribers.find(terminal.subscriberId())
                .orElseThrow(() -> new ContentpayException(ErrorCode.TERMINAL_REVOKED));
        return approvals.approveFor(subscriber, request.purchase(), request.pin(), proof);
    }

    public TerminalList list(Subscriber subscriber) {
        return new TerminalList(subscriber.id(), store.listOf(subscriber.id()).stream().map(Terminal::toInfo).toList());
    }

    /** For operators: the terminals of any subscriber. */
    TerminalList listForAdmin(String subscriberId) {
        if (subscribers.find(subscriberId).isEmpty()) throw new ContentpayException(ErrorCode.NOT_FOUND, "There is no subscriber with this id.");
        return new TerminalList(subscriberId, store.listOf(subscriberId).stream().map(Terminal::toInfo).toList());
    }

    /**
     * The subscriber revokes one of their own terminals. Another subscriber's terminal is answered
     * as if it did not exist, so terminal ids cannot be probed. Revoking twice answers the same.
     */
    public TerminalInfo revokeOwn(Subscriber subscriber, String terminalId) {
        Terminal terminal = store.find(terminalId).filter(t -> t.subscriberId().equals(subscriber.id()))
                .orElseThrow(() -> new ContentpayException(ErrorCode.NOT_FOUND, "You have no terminal with this id."));
        return revoke(terminal, subscriber.id());
    }

    TerminalInfo revokeByAdmin(String terminalId) {
        Terminal terminal = store.find(terminalId)
                .orElseThrow(() -> new ContentpayException(ErrorCode.NOT_FOUND, "There is no terminal with this id."));
        return revoke(terminal, "admin");
    }

    private TerminalInfo revoke(Terminal terminal, String by) {
        long now = clock.millis();
        db.useTransaction(h -> {
            if (store.revoke(h, terminal.id(), now, by) == 1) {
                audit.record(h, AuditLog.Kind.TERMINAL_REVOKED, by, terminal.subscriberId(), null, null, null,
                        "terminal " + terminal.id() + " (" + terminal.name() + ")");
            }
        });
        LOG.info("terminal {} of subscriber {} revoked by {}", terminal.id(), terminal.subscriberId(), by);
        return store.find(terminal.id()).orElseThrow().toInfo();
    }
}
