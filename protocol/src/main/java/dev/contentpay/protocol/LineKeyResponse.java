package dev.contentpay.protocol;

import java.time.Instant;

/**
 * A line key the issuer gives a merchant over the dedicated line ({@code POST /v1/merchant/line-keys}):
 * the merchant binds its next calls with a line MAC under {@code key} (32 bytes, base64url) instead
 * of a signed assertion, until {@code expiresAt}.
 */
public record LineKeyResponse(String keyId, String key, Instant expiresAt) {
}
