package dev.contentpay.settlement.events;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of the feed, as {@code GET /v1/events} answers it. {@code payload} holds the event's
 * claims (base64url JSON) and {@code chain} the hash chain's value after it; a checkpoint signed
 * by settlement ({@link EventPage#checkpoint()}) vouches for them. An event from before
 * checkpoints carries {@code jws} instead, the same claims signed alone (typ
 * {@value EventLog#TOKEN_TYPE}). Either way the claims, not the fields beside them, are what a
 * back office should trust once they check.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Event(long seq, String id, String type, String subject, Instant occurredAt, Map<String, Object> data,
                    String jws, String payload, String chain) {
}
