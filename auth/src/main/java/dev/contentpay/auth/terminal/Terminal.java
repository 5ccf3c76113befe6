package dev.contentpay.auth.terminal;

import dev.contentpay.protocol.TerminalInfo;

import java.time.Instant;
import java.util.Locale;

/** An enrolled terminal as stored: who it acts for and whether it still may. Never its secret. */
public record Terminal(String id, String subscriberId, String name, Status status, Instant enrolledAt,
                       Instant lastUsedAt, Instant revokedAt, String revokedBy) {

    /** A terminal is active until revoked; a revoked terminal never comes back (enroll again instead). */
    public enum Status { ACTIVE, REVOKED }

    public boolean isActive() {
        return status == Status.ACTIVE;
    }

    public TerminalInfo toInfo() {
        return new TerminalInfo(id, subscriberId, name, status.name().toLowerCase(Locale.ROOT), enrolledAt, lastUsedAt, revokedAt);
    }
}
