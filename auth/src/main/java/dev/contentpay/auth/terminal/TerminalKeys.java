package dev.contentpay.auth.terminal;

import dev.contentpay.protocol.TerminalProof;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * The terminal master key: 32 random bytes in a file only auth's user can read, created on first
 * start. Each terminal's secret is HMAC-SHA256(master key, label || terminal id), so the database
 * holds no secret at all: stealing it (or a backup) forges nothing, and rotating the master key
 * revokes every terminal at once (they enroll again). Losing the file has the same effect.
 * <p>
 * The same key, under another label, makes the request hashes kept for idempotency of requests
 * that carry a password or PIN: a plain SHA-256 of such a body would let anyone who reads the
 * idempotency table try every 4-digit PIN offline in a millisecond.
 */
final class TerminalKeys {

    private static final byte[] SECRET_LABEL = "contentpay terminal secret v1\0".getBytes(StandardCharsets.UTF_8);
    private static final byte[] REQUEST_LABEL = "contentpay request hash v1\0".getBytes(StandardCharsets.UTF_8);

    private final byte[] masterKey;

    TerminalKeys(byte[] masterKey) {
        if (masterKey.length < 32) throw new IllegalArgumentException("the terminal master key must have at least 32 bytes, not " + masterKey.length);
        this.masterKey = masterKey.clone();
    }

    /** Reads the key file, or creates it (mode 0600 from the start, moved into place whole) when it does not exist. */
    static TerminalKeys fromFile(Path file) {
        return new TerminalKeys(dev.contentpay.platform.io.OwnerOnlyFiles.secret(file, "terminal master key"));
    }

    /** The terminal's secret, the same on every call; it is never stored. */
    byte[] secretOf(String terminalId) {
        return hmac(SECRET_LABEL, terminalId.getBytes(StandardCharsets.UTF_8));
    }

    String encodedSecretOf(String terminalId) {
        return TerminalProof.encodeSecret(secretOf(terminalId));
    }

    /** A keyed hash of a request body, for the idempotency table (see the class comment). */
    String requestHash(String scope, byte[] body) {
        byte[] scoped = (scope + "\0").getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[scoped.length + body.length];
        System.arraycopy(scoped, 0, message, 0, scoped.length);
        System.arraycopy(body, 0, message, scoped.length, body.length);
        return HexFormat.of().formatHex(hmac(REQUEST_LABEL, message));
    }

    private byte[] hmac(byte[] label, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(masterKey, "HmacSHA256"));
            mac.update(label);
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
