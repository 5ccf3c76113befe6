package dev.contentpay.auth.admin;

import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.id.Ids;
import io.javalin.http.Context;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * The operators' credential for the admin face: a random bearer token created on first start in a
 * file only its owner can read. Only its SHA-256 is kept in memory, and it is compared in constant
 * time; it is never logged.
 */
public final class OperatorToken {

    private final byte[] expectedHash;

    private OperatorToken(byte[] expectedHash) {
        this.expectedHash = expectedHash;
    }

    public static OperatorToken fromFile(Path file) {
        try {
            if (!Files.exists(file)) {
                dev.contentpay.platform.io.OwnerOnlyFiles.createWith(file,
                        (Ids.randomToken(32) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            String token = Files.readString(file).trim();
            if (token.length() < 20) throw new IllegalStateException("the operator token in " + file + " is too short (at least 20 characters)");
            return new OperatorToken(hash(token));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create the operator token file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Refuses the request unless it carries {@code Authorization: Bearer <token>}. */
    public void require(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.startsWith("Bearer ")
                || !MessageDigest.isEqual(expectedHash, hash(header.substring("Bearer ".length()).trim()))) {
            throw new ContentpayException(ErrorCode.CLIENT_UNAUTHENTICATED, "The operator token is missing or wrong.");
        }
    }

    private static byte[] hash(String token) {
        return ClientAssertions.sha256Hex(token.getBytes(StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII);
    }
}
