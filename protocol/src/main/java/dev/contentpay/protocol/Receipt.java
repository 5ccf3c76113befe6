package dev.contentpay.protocol;

import dev.contentpay.platform.money.Money;

import java.time.Instant;

/**
 * What the buyer gets for a settled purchase: the settlement, what was bought, and where and until
 * when the content can be downloaded, with the SHA-256 it must have.
 */
public record Receipt(String settlementId, String merchantId, String orderId, String itemId, String title, Money amount,
                      Instant settledAt, String approvalId, String mediaType, long size, String contentSha256,
                      String downloadUrl, Instant downloadExpiresAt) {
}
