package dev.contentpay.auth.terminal;

import dev.contentpay.auth.audit.AuditLog;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.protocol.TerminalProof;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks a terminal's proof on a request, before any other work, in this order:
 * <ol>
 *   <li>the four headers are well formed (else {@code terminal_proof_invalid});</li>
 *   <li>the terminal is known and active (else {@code terminal_revoked});</li>
 *   <li>the timestamp is within the window of auth's clock, either side (else {@code terminal_proof_invalid});</li>
 *   <li>the signature matches, compared in constant time (else {@code terminal_proof_invalid});</li>
 *   <li>the nonce was never used by this terminal (else {@code terminal_proof_invalid}): it is
 *       recorded in the same transaction that checks the terminal is still active. For an
 *       approval, that is the approval's own transaction ({@link Proven}); a PIN is checked only
 *       after the nonce was used up, and a request that writes no approval uses it up alone.</li>
 * </ol>
 * The signature is checked before the nonce is recorded, so no one without the secret can use up
 * a terminal's nonces or write a row. Every refusal is audited with its reason, never with the
 * signature.
 *
 * <p>Check 2 reads the terminal from a short-lived cache of active terminals
 * ({@link #ACTIVE_FOR}): what a terminal is never changes but for its status, and the status is
 * checked again where it counts, in the transaction that uses up the nonce, which refuses a
 * terminal revoked since (and drops it from the cache). A revoked terminal is so refused with the
 * same code and audit entry, only after its signature was checked.
 */
final class ProofVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(ProofVerifier.class);
    /**
     * Kept beyond the window, so that a clock stepped back a little (NTP) cannot make an old
     * proof's timestamp acceptable again after its nonce was forgotten.
     */
    private static final Duration NONCE_MARGIN = Duration.ofMinutes(1);
    private static final Duration PURGE_EVERY = Duration.ofMinutes(1);
    /** How long a terminal found active is taken as found without reading it again. */
    static final Duration ACTIVE_FOR = Duration.ofSeconds(30);

    private final Database db;
    private final TerminalStore store;
    private final TerminalKeys keys;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration window;
    private final AtomicLong lastPurge = new AtomicLong();
    /** Terminals found active, by id: one read fewer a request ({@link #ACTIVE_FOR}). */
    private final com.github.benmanes.caffeine.cache.Cache<String, Terminal> active = com.github.benmanes.caffeine.cache.Caffeine
            .newBuilder().expireAfterWrite(ACTIVE_FOR).maximumSize(100_000).build();

    ProofVerifier(Database db, TerminalStore store, TerminalKeys keys, AuditLog audit, Clock clock, Duration window) {
        this.db = db;
        this.store = store;
        this.keys = keys;
        this.audit = audit;
        this.clock = clock;
        this.window = window;
    }

    /** The active terminal that proved this request, its nonce used up; a refusal otherwise. */
    Terminal verify(String method, String path, byte[] body, TerminalProof.Headers proof) {
        Proven proven = check(method, path, body, proof);
        useUp(proven);
        return proven.terminal();
    }

    /** Uses up the proof's nonce on its own, if it is not yet: the refusal of a replay or a revoked terminal otherwise. */
    void useUp(Proven proven) {
        try {
            proven.alone();
        } catch (Refused refused) {
            throw proven.refusal();
        }
    }

    /**
     * Checks 1 to 4 of a terminal's proof; the nonce (check 5) is used up by the {@link Proven}
     * it returns: in the transaction of the approval the request asks for, or on its own.
     */
    Proven check(String method, String path, byte[] body, TerminalProof.Headers proof) {
        String id = proof.terminalId();
        if (!Ids.isWellFormed(id) || id.length() > 64) throw refuse(null, null, TerminalProof.ID_HEADER + " is missing or malformed", malformed(TerminalProof.ID_HEADER));
        Instant timestamp = TerminalProof.parseTimestamp(proof.timestamp());
        if (timestamp == null) throw refuse(id, null, TerminalProof.TIMESTAMP_HEADER + " is missing or malformed", malformed(TerminalProof.TIMESTAMP_HEADER));
        if (!TerminalProof.isWellFormedNonce(proof.nonce())) {
            throw refuse(id, null, TerminalProof.NONCE_HEADER + " is missing or malformed", malformed(TerminalProof.NONCE_HEADER));
        }
        if (proof.signature() == null || proof.signature().isEmpty()) {
            throw refuse(id, null, TerminalProof.SIGNATURE_HEADER + " is missing", malformed(TerminalProof.SIGNATURE_HEADER));
        }

        Terminal terminal = active.getIfPresent(id);
        if (terminal == null) {
            terminal = store.find(id).orElse(null);
            if (terminal == null) throw refuse(id, null, "unknown terminal", new ContentpayException(ErrorCode.TERMINAL_REVOKED));
            if (!terminal.isActive()) throw revoked(terminal);
            active.put(id, terminal);
        }

        Instant now = clock.instant();
        long skewSeconds = Duration.between(now, timestamp).toSeconds();
        if (Duration.between(now, timestamp).abs().compareTo(window) > 0) {
            throw refuse(id, terminal.subscriberId(), "timestamp outside the window (" + skewSeconds + " s from auth's clock)",
                    new ContentpayException(ErrorCode.TERMINAL_PROOF_INVALID, "The terminal's clock is " + Math.abs(skewSeconds)
                            + " seconds " + (skewSeconds < 0 ? "behind" : "ahead of") + " the issuer's, more than the "
                            + window.toSeconds() + " seconds allowed; set the clock right and try again."));
        }
        if (!TerminalProof.matches(keys.secretOf(id), method, path, proof.timestamp(), proof.nonce(), body, proof.signature())) {
            throw refuse(id, terminal.subscriberId(), "signature does not match the request",
                    new ContentpayException(ErrorCode.TERMINAL_PROOF_INVALID, "The terminal's signature does not match this request."));
        }
        purgeNoncesNowAndThen(now);
        return new Proven(terminal, proof.nonce(), now, timestamp.plus(window).plus(NONCE_MARGIN).toEpochMilli());
    }

    /**
     * A proof that passed checks 1 to 4, whose nonce is still to be used up: exactly once, with the
     * terminal found still active in the same transaction (a revocation that committed after the
     * first read stops the request there). Used up either inside the transaction of the approval
     * the request asks for ({@link #inApproval}, then {@link #committed}), or on its own
     * ({@link #alone}), which does nothing once it is used up or refused.
     *
     * <p>A replayed nonce or a revoked terminal throws a {@link Refused}: inside the approval's
     * transaction it rolls the approval back with it. The caller turns it into the refusal with
     * {@link #refusal}. It is not a {@code ContentpayException}, so the idempotency layer keeps no
     * answer for it, and the key stays the first request's, nor is it audited as a refused approval.
     */
    final class Proven implements dev.contentpay.auth.approval.ApprovalService.RequestWrites {
        private final Terminal terminal;
        private final String nonce;
        private final Instant now;
        private final long expiresAt;
        private Verdict verdict;

        private Proven(Terminal terminal, String nonce, Instant now, long expiresAt) {
            this.terminal = terminal;
            this.nonce = nonce;
            this.now = now;
            this.expiresAt = expiresAt;
        }

        Terminal terminal() {
            return terminal;
        }

        @Override
        public void inApproval(Handle h) {
            if (verdict == Verdict.ACCEPTED) return; // used up alone already, before a PIN
            Verdict v = use(h);
            if (v != Verdict.ACCEPTED) {
                if (v == Verdict.REVOKED) active.invalidate(terminal.id());
                verdict = v;
                throw new Refused();
            }
        }

        @Override
        public void committed() {
            verdict = Verdict.ACCEPTED;
        }

        @Override
        public void alone() {
            if (verdict == null) {
                // A replay or a revoked terminal throws, which rolls back the last use with it: a refused proof changes nothing.
                db.useTransaction(this::inApproval);
                committed();
            }
            if (verdict != Verdict.ACCEPTED) throw new Refused();
        }

        /** The refusal of a proof whose nonce was found used, or whose terminal was found revoked; audited. */
        ContentpayException refusal() {
            return switch (verdict) {
                case REVOKED -> revoked(terminal);
                case REPLAYED -> refuse(terminal.id(), terminal.subscriberId(), "nonce already used (a replayed request)",
                        new ContentpayException(ErrorCode.TERMINAL_PROOF_INVALID,
                                "This request was already received once (its nonce was used); sign every request afresh."));
                case ACCEPTED -> throw new IllegalStateException("the proof was accepted");
            };
        }

        private Verdict use(Handle h) {
            // Still active as this transaction sees it. Nothing was written when it is not.
            if (store.markUsed(h, terminal.id(), now.toEpochMilli()) == 0) return Verdict.REVOKED;
            return store.useNonce(h, terminal.id(), nonce, expiresAt) == 0 ? Verdict.REPLAYED : Verdict.ACCEPTED;
        }
    }

    /** A proof refused inside the transaction that would use up its nonce, which it rolls back; see {@link Proven}. */
    static final class Refused extends RuntimeException {
        Refused() {
            super("terminal proof refused", null, false, false);
        }
    }

    private enum Verdict { ACCEPTED, REPLAYED, REVOKED }

    private ContentpayException revoked(Terminal terminal) {
        return refuse(terminal.id(), terminal.subscriberId(), "revoked terminal", new ContentpayException(ErrorCode.TERMINAL_REVOKED));
    }

    private static ContentpayException malformed(String header) {
        return new ContentpayException(ErrorCode.TERMINAL_PROOF_INVALID, "The terminal's proof is not valid: the " + header
                + " header is missing or malformed (see docs/TERMINALS.md).");
    }

    /** Audits the refusal (its own transaction: nothing else happened) and returns the exception to throw. */
    private ContentpayException refuse(String terminalId, String subscriberId, String reason, ContentpayException refusal) {
        String actor = terminalId == null ? "unknown" : terminalId;
        audit.record(AuditLog.Kind.TERMINAL_PROOF_REFUSED, actor, subscriberId,
                (terminalId == null ? "" : "terminal " + terminalId + ": ") + reason);
        LOG.info("refused a terminal proof from {}: {}", actor, reason);
        return refusal;
    }

    /** Forgets expired nonces at most once a minute, so the table stays the size of a few minutes of traffic. */
    private void purgeNoncesNowAndThen(Instant now) {
        long last = lastPurge.get();
        if (now.toEpochMilli() - last < PURGE_EVERY.toMillis() || !lastPurge.compareAndSet(last, now.toEpochMilli())) return;
        int purged = store.purgeNonces(now.toEpochMilli());
        if (purged > 0) LOG.debug("forgot {} expired terminal nonces", purged);
    }
}
