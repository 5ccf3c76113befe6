package dev.contentpay.settlement.notice;

import java.time.Instant;
import java.util.Locale;

/**
 * One message owed to the issuer, as the outbox holds it: what kind, about what, where its delivery
 * stands. The body is built from the fact it reports (the settlement, the refund, the approval)
 * each time it is sent, so every attempt sends the same request under the same idempotency key.
 *
 * @param subject  the allowance id (NOTICE), the refund id (REFUND) or the approval id (VOID)
 * @param afterId  the message that must be acknowledged before this one is sent, or null
 * @param result   the issuer's status in its acknowledgement ({@code charged}, {@code refunded}, {@code voided}...)
 * @param traceId  the trace id of the request that enqueued it, or null
 */
public record OutboxMessage(String id, Kind kind, String subject, String settlementId, String afterId, Status status,
                            int attempts, Instant nextAttemptAt, String lastError, String result, Instant createdAt,
                            Instant sentAt, String traceId) {

    public enum Kind { NOTICE, REFUND, VOID }

    public enum Status { PENDING, SENT, DEAD }

    /**
     * The issuer applies each message once by its subject, so every delivery of one message, from
     * any process and after any restart, carries the same key.
     */
    public String idempotencyKey() {
        return kind.name().toLowerCase(Locale.ROOT) + "-" + subject;
    }
}
