package dev.contentpay.auth.terminal;

import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.Optional;

/**
 * Terminals and the nonces their proofs used. The methods taking a {@code Handle} run in the
 * caller's transaction; the counts they return are the verdicts of conditional statements.
 */
interface TerminalStore {

    void insert(Handle h, Terminal t);

    Optional<Terminal> find(String id);

    Optional<Terminal> find(Handle h, String id);

    /** The subscriber's terminals, newest first. */
    List<Terminal> listOf(String subscriberId);

    int countActive(Handle h, String subscriberId);

    /** Revokes an active terminal; the row count says whether this call did it. */
    int revoke(Handle h, String id, long now, String by);

    /**
     * Uses a nonce: inserted unless this terminal already used it. One statement whose row count is
     * the verdict, so two copies of one request racing each other cannot both pass.
     */
    int useNonce(Handle h, String terminalId, String nonce, long expiresAt);

    /**
     * Notes the use of an active terminal. Zero rows means it was revoked after it was read, so a
     * revocation that commits before this transaction stops the request.
     */
    int markUsed(Handle h, String id, long now);

    /** Forgets nonces whose proofs' timestamps have left the window: their requests are refused as too old anyway. */
    int purgeNonces(long now);
}
