package dev.contentpay.protocol;

import java.time.Instant;

/**
 * An enrolled terminal as its subscriber and operators see it: never its secret. {@code status} is
 * {@code active} or {@code revoked}; {@code lastUsedAt} is the time of its last accepted proof.
 */
public record TerminalInfo(String terminalId, String subscriberId, String name, String status, Instant enrolledAt,
                           Instant lastUsedAt, Instant revokedAt) {
}
