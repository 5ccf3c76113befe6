package dev.contentpay.settlement.ledger;

import dev.contentpay.platform.money.Money;

import java.time.Instant;
import java.util.Objects;

/**
 * Settlement information 71 ([0044], [0072]): which approval and allowance paid for which order and
 * item, how many, for how much, and when. The buyer is only the issuer's per-merchant pseudonym.
 * The media type, size and SHA-256 are the catalog's at the moment of sale: they are what the
 * receipt promises and what every later download is checked against. {@code allowanceToken} is the
 * issuer's signed allowance as it came, which every receipt of this settlement carries as its
 * transaction record; null for settlements made before it was kept. {@code amount} is tax-inclusive,
 * {@code taxRate} the consumption tax rate in it (10, or 8 reduced), as the shop sealed it.
 */
public record Settlement(String id, String approvalId, String allowanceId, String orderId, String itemId, String title,
                         int quantity, Money amount, String pseudonym, String mediaType, long contentSize,
                         String contentSha256, Instant settledAt, String allowanceToken, int taxRate) {

    /** A standard-rated settlement, as every settlement was before rates were kept. */
    public Settlement(String id, String approvalId, String allowanceId, String orderId, String itemId, String title,
                      int quantity, Money amount, String pseudonym, String mediaType, long contentSize,
                      String contentSha256, Instant settledAt, String allowanceToken) {
        this(id, approvalId, allowanceId, orderId, itemId, title, quantity, amount, pseudonym, mediaType, contentSize, contentSha256,
                settledAt, allowanceToken, dev.contentpay.platform.money.ConsumptionTax.STANDARD);
    }

    public Settlement {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(approvalId, "approvalId");
        Objects.requireNonNull(allowanceId, "allowanceId");
        Objects.requireNonNull(pseudonym, "pseudonym");
        if (quantity < 1) throw new IllegalArgumentException("quantity must be positive, not " + quantity);
        if (!dev.contentpay.platform.money.ConsumptionTax.isRate(taxRate)) throw new IllegalArgumentException("not a tax rate: " + taxRate);
        if (!amount.isPositive()) throw new IllegalArgumentException("a settlement must be for a positive amount, not " + amount);
    }
}
