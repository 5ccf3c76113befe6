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

import java.time.Clock;
import java.time.Instant;

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
        Instant now = clock.instant();
        var terminal = new Terminal(Ids.random("trm"), subscriber.id(), request.name() == null ? DEFAULT_NAME : request.name().strip(),
                Terminal.Status.ACTIVE, now, null, null, null);
        db.useTransaction(h -> {
            if (TerminalStore.countActive(h, subscriber.id()) >= MAX_ACTIVE_TERMINALS) {
                throw new ContentpayException(ErrorCode.VALIDATION_FAILED, "You have " + MAX_ACTIVE_TERMINALS
                        + " enrolled terminals already; revoke one you no longer use first.");
            }
            TerminalStore.insert(h, terminal);
            audit.record(h, AuditLog.Kind.TERMINAL_ENROLLED, subscriber.id(), subscriber.id(), null, null, null,
                    "terminal " + terminal.id() + " (" + terminal.name() + ")");
        });
        LOG.info("terminal {} enrolled for subscriber {}", terminal.id(), subscriber.id());
        // Without the secret: this is what the idempotency record keeps (see TerminalEndpoints).
        return new EnrollResponse(terminal.id(), null, subscriber.id(), terminal.name(), now);
    }

    /** The enrollment answer with its secret, derived again from the terminal id (it is never stored). */
    EnrollResponse withSecret(EnrollResponse response) {
        return new EnrollResponse(response.terminalId(), keys.encodedSecretOf(response.terminalId()), response.subscriberId(),
                response.name(), response.enrolledAt());
    }

    /** A purchase approval for the terminal's subscriber; the terminal's proof was checked already. */
    ApprovalResponse approve(Terminal terminal, TerminalApprovalRequest request) {
        // The subscriber is read afresh: a suspension or a changed PIN amount counts at once.
        Subscriber subscriber = subscribers.find(terminal.subscriberId())
                .orElseThrow(() -> new ContentpayException(ErrorCode.TERMINAL_REVOKED));
        return approvals.approveFor(subscriber, request.purchase(), request.pin());
    }

    TerminalList list(Subscriber subscriber) {
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
    TerminalInfo revokeOwn(Subscriber subscriber, String terminalId) {
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
            if (TerminalStore.revoke(h, terminal.id(), now, by) == 1) {
                audit.record(h, AuditLog.Kind.TERMINAL_REVOKED, by, terminal.subscriberId(), null, null, null,
                        "terminal " + terminal.id() + " (" + terminal.name() + ")");
            }
        });
        LOG.info("terminal {} of subscriber {} revoked by {}", terminal.id(), terminal.subscriberId(), by);
        return store.find(terminal.id()).orElseThrow().toInfo();
    }
}
