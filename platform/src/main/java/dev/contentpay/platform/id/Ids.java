package dev.contentpay.platform.id;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable identifiers: a short type prefix and 128 random bits, base64url without padding. */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private Ids() {
    }

    public static String random(String prefix) {
        return prefix + "_" + randomToken(16);
    }

    public static String randomToken(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return ENCODER.encodeToString(b);
    }

    /** True for ids we accept from outside: 1 to 128 characters of letters, digits, '_' and '-'. */
    public static boolean isWellFormed(String id) {
        if (id == null || id.isEmpty() || id.length() > 128) return false;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
            if (!ok) return false;
        }
        return true;
    }
}
