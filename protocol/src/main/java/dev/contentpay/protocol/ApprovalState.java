package dev.contentpay.protocol;

import dev.contentpay.platform.money.Money;

import java.time.Instant;

/**
 * What became of an approval, as its own subscriber's terminal is told: its {@code status}
 * ({@code issued}, {@code allowed}, {@code charged}, {@code refunded_partly}, {@code refunded},
 * {@code voided}, {@code expired}, {@code refused}), its amount and how much of it was refunded,
 * and the times of its steps (null for a step not reached).
 */
public record ApprovalState(String approvalId, String status, String merchantId, String itemId, String title, Money amount,
                            Money refunded, String allowanceId, Instant issuedAt, Instant expiresAt, Instant judgedAt,
                            Instant chargedAt) {
}
