package dev.contentpay.protocol;

import dev.contentpay.platform.id.Ids;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The proof an enrolled terminal puts on each request (docs/TERMINALS.md): four headers, the last
 * an HMAC-SHA256 under the terminal's secret of
 * <pre>
 * METHOD "\n" PATH "\n" TIMESTAMP "\n" NONCE "\n" lowercase hex SHA-256 of the body
 * </pre>
 * with TIMESTAMP and NONCE exactly as sent in their headers. Binding the method, path and body
 * means a captured proof is worthless for any other request; the timestamp bounds how long it
 * could be tried; the nonce, which auth remembers for that long, makes it single-use. Both the
 * terminal (signing) and auth (checking) use this class, so the two can never drift apart.
 */
public final class TerminalProof {

    public static final String ID_HEADER = "Terminal-Id";
    public static final String TIMESTAMP_HEADER = "Terminal-Timestamp";
    public static final String NONCE_HEADER = "Terminal-Nonce";
    public static final String SIGNATURE_HEADER = "Terminal-Signature";

    /** A terminal's secret is 32 random-looking bytes, base64url without padding on the wire. */
    public static final int SECRET_BYTES = 32;
    public static final int MIN_NONCE_LENGTH = 16;
    public static final int MAX_NONCE_LENGTH = 64;

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private TerminalProof() {
    }

    /** The four header values of one proof. */
    public record Headers(String terminalId, String timestamp, String nonce, String signature) {
        /** Never prints the signature: half a log line must not be a usable proof. */
        @Override
        public String toString() {
            return "TerminalProof.Headers[terminalId=" + terminalId + ", timestamp=" + timestamp + ", nonce=" + nonce + ", signature=***]";
        }
    }

    /**
     * Signs one request: a fresh 32-character nonce and the current time in RFC 3339, to the second.
     * The nonce is the time in milliseconds (eight characters that sort as times do) and 144 random
     * bits, so that auth's record of used nonces grows at the end of each terminal's range of its
     * index rather than at random places (docs/DECISIONS.md, "Ids sort by the time they were made").
     */
    public static Headers sign(String terminalId, byte[] secret, String method, String path, byte[] body, Instant now) {
        String nonce = Ids.sortableToken(now.toEpochMilli(), 18);
        String timestamp = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
        return new Headers(terminalId, timestamp, nonce, signature(secret, method, path, timestamp, nonce, body));
    }

    /** The string that is MACed; see the class comment. */
    public static String canonical(String method, String path, String timestamp, String nonce, byte[] body) {
        return method.toUpperCase(Locale.ROOT) + "\n" + path + "\n" + timestamp + "\n" + nonce + "\n" + sha256Hex(body);
    }

    /** base64url (no padding) of HMAC-SHA256(secret, canonical string). */
    public static String signature(byte[] secret, String method, String path, String timestamp, String nonce, byte[] body) {
        return B64URL.encodeToString(mac(secret, method, path, timestamp, nonce, body));
    }

    /**
     * Whether {@code signature} is the right one, compared in constant time so that the time taken
     * reveals nothing about how many leading bytes of a forgery were right.
     */
    public static boolean matches(byte[] secret, String method, String path, String timestamp, String nonce, byte[] body,
                                  String signature) {
        byte[] given = decode(signature);
        if (given == null || given.length != 32) return false;
        return MessageDigest.isEqual(mac(secret, method, path, timestamp, nonce, body), given);
    }

    /**
     * The instant a {@code Terminal-Timestamp} names: RFC 3339 with an offset
     * ({@code 2026-11-24T21:30:00Z}, {@code 2026-11-25T06:30:00+09:00}) or whole seconds since the
     * epoch ({@code 1795555800}). Null when it is neither.
     */
    public static Instant parseTimestamp(String value) {
        if (value == null || value.isEmpty() || value.length() > 40) return null;
        if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            if (value.length() > 12) return null;
            return Instant.ofEpochSecond(Long.parseLong(value));
        }
        try {
            return OffsetDateTime.parse(value.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** 16 to 64 characters of the URL-safe alphabet: letters, digits, '-', '_', '.' and '~'. */
    public static boolean isWellFormedNonce(String nonce) {
        if (nonce == null || nonce.length() < MIN_NONCE_LENGTH || nonce.length() > MAX_NONCE_LENGTH) return false;
        return nonce.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '~');
    }

    public static String encodeSecret(byte[] secret) {
        return B64URL.encodeToString(secret);
    }

    /** The secret from its base64url form (padding tolerated); null when it is not 32 bytes of base64url. */
    public static byte[] decodeSecret(String encoded) {
        byte[] secret = decode(encoded);
        return secret != null && secret.length == SECRET_BYTES ? secret : null;
    }

    public static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body == null ? new byte[0] : body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] mac(byte[] secret, String method, String path, String timestamp, String nonce, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(canonical(method, path, timestamp, nonce, body).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] decode(String base64url) {
        if (base64url == null || base64url.isEmpty() || base64url.length() > 128) return null;
        try {
            String unpadded = base64url.endsWith("=") ? base64url.replaceAll("=+$", "") : base64url;
            return Base64.getUrlDecoder().decode(unpadded);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
