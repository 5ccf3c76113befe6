package dev.contentpay.auth.event;

import java.time.Instant;

/**
 * One event owed to a merchant and how its delivery stands. {@code body} is the event's JSON
 * ({@link dev.contentpay.protocol.IssuerEvent}) as every delivery sends it and the feed lists it.
 */
public record MerchantEvent(String id, String merchantId, String type, String approvalId, String body, Instant occurredAt,
                            Status status, int attempts, Instant nextAttemptAt, String lastError, Instant deliveredAt) {

    public enum Status { PENDING, DELIVERED, FAILED }
}
