package dev.contentpay.protocol.admin;

import java.util.Map;

/**
 * What an operator sees of a merchant: its status ({@code active} or {@code suspended}), its two
 * roles' public keys as JWK sets, where its buyers settle and the name its settlement server's
 * certificate must carry, and its qualified invoice registration number (null when not known).
 */
public record MerchantView(String id, String name, String status, Map<String, Object> sealKeys, Map<String, Object> assertionKeys,
                           String settlementUrl, String certificateName, String invoiceRegistrationNumber) {
}
