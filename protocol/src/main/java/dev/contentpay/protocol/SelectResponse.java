package dev.contentpay.protocol;

/**
 * The shop's answer to a selection: the purchasing information in clear, for the buyer to read,
 * and {@code sealed}, the same information signed by the merchant, which is what auth and
 * settlement trust.
 */
public record SelectResponse(PurchasingInformation purchase, String sealed) {
}
