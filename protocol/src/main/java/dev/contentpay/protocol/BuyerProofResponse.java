package dev.contentpay.protocol;

import java.time.Instant;

/**
 * The issuer's answer to {@code GET /v1/subscriber/buyer-proof?merchant=}: a buyer proof
 * ({@link BuyerProofClaims}, a compact JWS) for that merchant, valid until {@code expiresAt}.
 */
public record BuyerProofResponse(String proof, String merchantId, Instant expiresAt) {
}
