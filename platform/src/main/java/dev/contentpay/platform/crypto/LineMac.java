package dev.contentpay.platform.crypto;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Request binding on a dedicated line with a key the two ends agreed, instead of a signed client
 * assertion on every call: {@code Authorization: LineMAC <keyId> <unix seconds> <mac>}, where the
 * MAC is HMAC-SHA256 under the line key over the audience, method, path, time and the SHA-256 of
 * the body, as the assertion binds them. The caller obtains the key over the mutually
 * authenticated line with a signed assertion; the receiver derives it again from the key id, so it
 * keeps no state. Checking costs two HMACs instead of an Ed25519 check and a token parse.
 */
public final class LineMac {

    public static final String SCHEME = "LineMAC";
    /** How far a request's time may be from the receiver's clock, either way: as an assertion's lifetime. */
    public static final Duration MAX_SKEW = Duration.ofSeconds(60);
    private static final String HMAC = "HmacSHA256";

    private LineMac() {
    }

    /** A line key as its holder keeps it; {@code secret} is 32 bytes. */
    public record Key(String keyId, byte[] secret, Instant expiresAt) {
    }

    /** What a request's header says, not yet checked. */
    public record Presented(String keyId, long seconds, String mac) {
    }

    /** The header value for one request. */
    public static String authorization(Key key, String audience, String method, String path, byte[] body, Instant now) {
        long seconds = now.getEpochSecond();
        return SCHEME + " " + key.keyId() + " " + seconds + " " + mac(key.secret(), audience, method, path, seconds, body);
    }

    /** Whether a header is of this scheme at all (otherwise another, such as a bearer assertion, applies). */
    public static boolean isLineMac(String authorization) {
        return authorization != null && authorization.startsWith(SCHEME + " ");
    }

    public static Presented parse(String authorization) throws TokenException {
        if (!isLineMac(authorization) || authorization.length() > 1024) {
            throw new TokenException(TokenException.Reason.MALFORMED, "not a line MAC");
        }
        String[] parts = authorization.substring(SCHEME.length() + 1).split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[2].length() != 43) {
            throw new TokenException(TokenException.Reason.MALFORMED, "a line MAC has a key id, a time and a MAC");
        }
        try {
            return new Presented(parts[0], Long.parseLong(parts[1]), parts[2]);
        } catch (NumberFormatException e) {
            throw new TokenException(TokenException.Reason.MALFORMED, "a line MAC's time is not a number");
        }
    }

    /**
     * Checks a presented MAC under {@code secret}: the time within {@link #MAX_SKEW} of
     * {@code now}, and the MAC over this very request, compared in constant time.
     */
    public static void check(Presented presented, byte[] secret, String audience, String method, String path, byte[] body, Instant now)
            throws TokenException {
        if (Math.abs(now.getEpochSecond() - presented.seconds()) > MAX_SKEW.toSeconds()) {
            throw new TokenException(TokenException.Reason.EXPIRED, "the line MAC's time is too far from ours");
        }
        byte[] expected = mac(secret, audience, method, path, presented.seconds(), body).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, presented.mac().getBytes(StandardCharsets.US_ASCII))) {
            throw new TokenException(TokenException.Reason.BAD_SIGNATURE, "the line MAC was made for another request or key");
        }
    }

    /** HMAC-SHA256 of {@code parts} under {@code key}. */
    public static byte[] hmac(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            for (byte[] part : parts) mac.update(part);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String mac(byte[] secret, String audience, String method, String path, long seconds, byte[] body) {
        String input = "contentpay-line-mac-v1\n" + audience + "\n" + method + "\n" + path + "\n" + seconds + "\n" + ClientAssertions.bodyHash(body);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(secret, input.getBytes(StandardCharsets.UTF_8)));
    }
}
