package dev.contentpay.auth.merchant;

import dev.contentpay.platform.crypto.LineMac;
import dev.contentpay.platform.crypto.TokenException;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.platform.io.OwnerOnlyFiles;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * The issuer's end of the line keys ({@link LineMac}): a merchant that proved itself with a signed
 * assertion over its certificate gets a key for ten minutes; its calls bound by a MAC under that key
 * are then as good as assertions. Nothing is stored per key: the key id names the merchant, the
 * expiry and a nonce, and the key is the HMAC of the id under a secret kept in an owner-only file
 * beside auth's signing key ({@code auth-line.key}), which every auth instance of a deployment
 * must share, as it shares the idempotency key file.
 */
public final class LineKeys {

    public static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final String VERSION = "lk1";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final byte[] secret;
    private final Clock clock;

    public LineKeys(Path secretFile, Clock clock) {
        this.secret = OwnerOnlyFiles.secret(secretFile, "line key secret");
        this.clock = clock;
    }

    /** {@code keys/auth.jwk} gives {@code keys/auth-line.key}. */
    public static Path fileBeside(Path signingKeyFile) {
        String name = signingKeyFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return signingKeyFile.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + "-line.key");
    }

    /** A fresh key for {@code merchantId}, valid for {@link #LIFETIME}. */
    public LineMac.Key issue(String merchantId) {
        Instant expires = clock.instant().plus(LIFETIME).truncatedTo(ChronoUnit.SECONDS);
        String keyId = VERSION + "." + B64.encodeToString(merchantId.getBytes(StandardCharsets.UTF_8)) + "." + expires.getEpochSecond()
                + "." + Ids.randomToken(16);
        return new LineMac.Key(keyId, keyOf(keyId), expires);
    }

    /**
     * The merchant whose line key bound this very request (audience, method, path, body, a time
     * within a minute), or a {@link TokenException} saying why not.
     */
    public String verify(String authorization, String audience, String method, String path, byte[] body) throws TokenException {
        LineMac.Presented presented = LineMac.parse(authorization);
        String[] parts = presented.keyId().split("\\.", -1);
        if (parts.length != 4 || !VERSION.equals(parts[0])) throw new TokenException(TokenException.Reason.MALFORMED, "not a line key id");
        String merchant;
        long expires;
        try {
            merchant = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            expires = Long.parseLong(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new TokenException(TokenException.Reason.MALFORMED, "not a line key id");
        }
        Instant now = clock.instant();
        if (now.getEpochSecond() >= expires) throw new TokenException(TokenException.Reason.EXPIRED, "the line key expired");
        LineMac.check(presented, keyOf(presented.keyId()), audience, method, path, body, now);
        return merchant;
    }

    private byte[] keyOf(String keyId) {
        return LineMac.hmac(secret, "contentpay-line-key-v1\n".getBytes(StandardCharsets.US_ASCII), keyId.getBytes(StandardCharsets.US_ASCII));
    }
}
