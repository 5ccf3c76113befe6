package dev.contentpay.protocol;

import dev.contentpay.platform.money.Money;

import java.time.Instant;

/**
 * What the buyer gets for a settled purchase: the settlement, what was bought, and where and until
 * when the content can be downloaded, with the SHA-256 it must have.
 *
 * <p>{@code transaction} is the issuer-signed transaction record: the payment allowance the issuer
 * gave for this purchase (a compact JWS, {@code typ allowance+jwt}), carried as it came. Anyone who
 * holds the issuer's public keys can check offline that the issuer allowed this merchant this amount
 * for this order, item and approval, and when; the receipt's other fields (the settlement, title,
 * content hash, link) are the merchant's word beside it. Null on receipts of settlements made
 * before it was kept.
 */
public record Receipt(String settlementId, String merchantId, String orderId, String itemId, String title, Money amount,
                      Instant settledAt, String approvalId, String mediaType, long size, String contentSha256,
                      String downloadUrl, Instant downloadExpiresAt, String transaction) {
}
