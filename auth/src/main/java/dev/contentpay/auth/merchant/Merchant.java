package dev.contentpay.auth.merchant;

import com.nimbusds.jose.jwk.JWKSet;

import java.net.URI;

/**
 * A merchant registered with the issuer. Its two roles hold their own keys: its shop's seal
 * purchasing information, its settlement server's sign assertions on the dedicated line, and
 * neither is accepted for the other. Its buyers settle at {@code settlementUrl}; its settlement
 * server's client certificate names {@code certificateName}. The URL is null only for a merchant
 * registered before it was recorded and not registered again since: no seal of it is accepted.
 * {@code invoiceRegistrationNumber} is its qualified invoice registration number ({@code T} and 13
 * digits), stated beside its lines on monthly statements; null when not known.
 */
public record Merchant(String id, String name, boolean active, JWKSet sealKeys, JWKSet assertionKeys, String certificateName,
                       URI settlementUrl, String invoiceRegistrationNumber) {
}
