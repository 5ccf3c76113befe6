package dev.contentpay.protocol;

import dev.contentpay.platform.money.Money;

import java.net.URI;
import java.time.Instant;

/**
 * The purchasing information the shop answers a selection with ([0053]-[0054]): which order, which
 * merchant, what, for how much, where to settle, and until when it may be used.
 */
public record PurchasingInformation(String orderId, String merchantId, String itemId, String kind, String title,
                                    Money price, URI settleAt, Instant issuedAt, Instant expiresAt) {
}
