package dev.contentpay.auth.approval;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * The name a merchant knows a subscriber by: HMAC-SHA256 of (merchant, subscriber) under a secret
 * only auth holds. Stable at one merchant, so a merchant can recognise a returning buyer; different
 * at every other, so merchants cannot join their records; and not reversible without the secret.
 */
public final class Pseudonyms {

    private final byte[] secret;

    public Pseudonyms(byte[] secret) {
        if (secret.length < 32) throw new IllegalArgumentException("the pseudonym secret must have at least 32 bytes");
        this.secret = secret.clone();
    }

    public static Pseudonyms fromFile(Path file) {
        return new Pseudonyms(dev.contentpay.platform.io.OwnerOnlyFiles.secret(file, "pseudonym secret"));
    }

    public String of(String merchantId, String subscriberId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] digest = mac.doFinal((merchantId + "\u0000" + subscriberId).getBytes(StandardCharsets.UTF_8));
            return "psn_" + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 18));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
