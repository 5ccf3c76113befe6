package dev.contentpay.protocol;

import dev.contentpay.platform.money.Money;

import java.time.Instant;

/**
 * Purchase recognition information ([0063]): {@code approval} is the signed token to hand to the
 * merchant's settlement server; the other fields restate it for the buyer, with what remains of
 * their budget after this purchase.
 */
public record ApprovalResponse(String approval, String approvalId, String merchantId, String orderId, Money amount,
                               Instant expiresAt, Money remainingAfter) {
}
