package dev.contentpay.auth.merchant;

import com.nimbusds.jose.jwk.JWKSet;

/** A merchant registered with the issuer, with the public keys of its shop and settlement server. */
public record Merchant(String id, String name, boolean active, JWKSet publicKeys) {
}
