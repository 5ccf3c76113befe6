package dev.contentpay.protocol.admin;

import java.time.Instant;

/**
 * How the delivery of one event to its merchant stands, as operators see it: {@code status}
 * {@code pending}, {@code delivered} or {@code failed}, the attempts made and the last error
 * (a stable code, or {@code http_<status>}).
 */
public record WebhookDeliveryView(String eventId, String merchantId, String type, String approvalId, String status, int attempts,
                                  String lastError, Instant occurredAt, Instant nextAttemptAt, Instant deliveredAt) {
}
