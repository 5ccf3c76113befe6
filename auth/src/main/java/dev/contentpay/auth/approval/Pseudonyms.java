package dev.contentpay.auth.approval;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
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
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                dev.contentpay.platform.io.OwnerOnlyFiles.createWith(file, Base64.getEncoder().encode(fresh));
            }
            return new Pseudonyms(Base64.getDecoder().decode(Files.readString(file).trim()));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read or create the pseudonym secret " + file + ": " + e.getMessage(), e);
        }
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
