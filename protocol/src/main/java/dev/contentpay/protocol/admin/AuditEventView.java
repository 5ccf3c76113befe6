package dev.contentpay.protocol.admin;

import dev.contentpay.platform.money.Money;

import java.time.Instant;

/** One event of auth's audit log, as operators query it. */
public record AuditEventView(String id, Instant at, String kind, String actor, String subscriberId, String merchantId,
                             String approvalId, Money amount, String detail) {
}
