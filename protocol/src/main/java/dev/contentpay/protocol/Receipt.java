package dev.contentpay.protocol;

import dev.contentpay.platform.money.Money;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

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
 *
 * <p>It is also the seller's qualified invoice (適格請求書): {@code amount} is tax-inclusive with
 * {@code taxRate} the consumption tax rate in it (10, or 8 reduced); {@code registrationNumber} is the
 * seller's registration number (T and 13 digits; null when the seller has none configured);
 * {@code issuedOn} the day of the sale in the seller's billing zone (whose instant is
 * {@code settledAt}, in UTC); and {@code taxes} per rate the tax-inclusive total and the tax in it,
 * rounded down once per rate.
 */
public record Receipt(String settlementId, String merchantId, String orderId, String itemId, String title, Money amount,
                      Instant settledAt, String approvalId, String mediaType, long size, String contentSha256,
                      String downloadUrl, Instant downloadExpiresAt, String transaction, Integer taxRate,
                      String registrationNumber, LocalDate issuedOn, List<Tax> taxes) {

    /** One rate of the invoice: the tax-inclusive total at that rate and the consumption tax in it. */
    public record Tax(int rate, Money inclusive, Money tax) {
    }
}
