package dev.contentpay.settlement.operator;

import dev.contentpay.settlement.notice.OutboxMessage;

import java.time.Instant;
import java.util.Locale;

/**
 * A message to the issuer as the operator sees it: {@code kind} is {@code notice}, {@code refund}
 * or {@code void}; {@code status} is {@code pending}, {@code sent} or {@code dead}.
 */
public record OutboxEntry(String id, String kind, String subject, String settlementId, String status, int attempts,
                          String lastError, String result, Instant createdAt, Instant nextAttemptAt, Instant sentAt) {

    public static OutboxEntry of(OutboxMessage m) {
        return new OutboxEntry(m.id(), lower(m.kind()), m.subject(), m.settlementId(), lower(m.status()), m.attempts(),
                m.lastError(), m.result(), m.createdAt(), m.status() == OutboxMessage.Status.PENDING ? m.nextAttemptAt() : null,
                m.sentAt());
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
