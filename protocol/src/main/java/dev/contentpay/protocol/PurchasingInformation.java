package dev.contentpay.protocol;

import dev.contentpay.platform.money.ConsumptionTax;
import dev.contentpay.platform.money.Money;

import java.net.URI;
import java.time.Instant;

/**
 * The purchasing information the shop answers a selection with ([0053]-[0054]): which order, which
 * merchant, what, for how much, where to settle, and until when it may be used. {@code price} is
 * tax-inclusive (総額表示) and {@code taxRate} is the consumption tax rate in it, in percent: 10, or 8
 * (the reduced rate); purchasing information sealed before rates were sealed is standard-rated.
 */
public record PurchasingInformation(String orderId, String merchantId, String itemId, String kind, String title,
                                    Money price, URI settleAt, Instant issuedAt, Instant expiresAt, int taxRate) {

    public PurchasingInformation {
        // Absent from an older shop's answer, which a tolerant reader fills with 0: standard-rated.
        if (taxRate == 0) taxRate = ConsumptionTax.STANDARD;
        if (!ConsumptionTax.isRate(taxRate)) throw new IllegalArgumentException("not a consumption tax rate: " + taxRate);
    }

    /** Standard-rated purchasing information, as it was before rates were sealed. */
    public PurchasingInformation(String orderId, String merchantId, String itemId, String kind, String title,
                                 Money price, URI settleAt, Instant issuedAt, Instant expiresAt) {
        this(orderId, merchantId, itemId, kind, title, price, settleAt, issuedAt, expiresAt, ConsumptionTax.STANDARD);
    }
}
