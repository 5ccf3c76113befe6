package dev.contentpay.settlement.events;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of the feed, as {@code GET /v1/events} answers it. {@code jws} is the same event signed
 * with settlement's key (typ {@value EventLog#TOKEN_TYPE}): its claims, not these fields, are what a
 * back office should trust once the signature checks.
 */
public record Event(long seq, String id, String type, String subject, Instant occurredAt, Map<String, Object> data,
                    String jws) {
}
