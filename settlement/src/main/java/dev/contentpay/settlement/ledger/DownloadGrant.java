package dev.contentpay.settlement.ledger;

import dev.contentpay.platform.crypto.ClientAssertions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;

/**
 * The right to download one settlement's content until {@code expiresAt}, given with the receipt
 * at {@code issuedAt}. Only the SHA-256 of the token is kept, so the database alone never lets
 * anyone download.
 */
public record DownloadGrant(String settlementId, String tokenSha256, Instant expiresAt, Instant issuedAt) {

    public static DownloadGrant forToken(String settlementId, String token, Instant issuedAt, Instant expiresAt) {
        return new DownloadGrant(settlementId, ClientAssertions.sha256Hex(token), expiresAt, issuedAt);
    }

    /** Whether {@code token} is this grant's and still valid; compared in constant time. */
    public boolean admits(String token, Instant now) {
        if (token == null || token.isEmpty() || !now.isBefore(expiresAt)) return false;
        byte[] presented = ClientAssertions.sha256Hex(token).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(presented, tokenSha256.getBytes(StandardCharsets.US_ASCII));
    }
}
