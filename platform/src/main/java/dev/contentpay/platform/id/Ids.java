package dev.contentpay.platform.id;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Unguessable identifiers that sort by the time they were made: a short type prefix, the creation
 * time in milliseconds as eight characters, then 128 random bits, base64url without padding.
 *
 * <p>The time comes first so that the ids of stored records reach their B-tree indexes in
 * ascending order: a new row lands on the same rightmost page as the rows made just before it,
 * instead of on a random page of an index that grows with the table. With random ids every insert
 * dirtied a page of its own in each index, so the bytes a commit wrote grew with the database
 * (docs/BENCHMARKS.md, "The SQLite writers and settlement's threads"). The random part alone carries the
 * unguessability, as before.
 *
 * <p>The time is written in the 64 characters of the base64url alphabet taken in ASCII order
 * ({@code -0-9A-Z_a-z}), so that comparing ids as bytes, as databases do, compares the times.
 */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    /** The base64url alphabet in ASCII order: a digit's place is its value. */
    private static final char[] SORTED = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int TIME_CHARS = 8;

    private Ids() {
    }

    /** {@code prefix_} followed by the current time (eight characters) and 128 random bits (22 characters). */
    public static String random(String prefix) {
        return random(prefix, System.currentTimeMillis());
    }

    static String random(String prefix, long epochMillis) {
        return prefix + "_" + sortableToken(epochMillis, 16);
    }

    /**
     * An id of the same form as {@link #random} that is unique but not unguessable: its 128 bits
     * come from {@link ThreadLocalRandom}, without the lock and the system call of a
     * {@link SecureRandom}. For ids nobody could misuse by guessing one, such as the id of a request
     * that its answer echoes (ServiceClient), never for a token, a key or a stored record's id.
     */
    public static String unique(String prefix) {
        byte[] b = new byte[16];
        ThreadLocalRandom.current().nextBytes(b);
        var id = new StringBuilder(prefix.length() + 1 + TIME_CHARS + 22).append(prefix).append('_');
        return appendTime(id, System.currentTimeMillis()).append(ENCODER.encodeToString(b)).toString();
    }

    /**
     * {@code epochMillis} as eight characters that sort as the times do, then {@code randomBytes}
     * random bytes in base64url: a token that is unguessable by its random part and lands at the
     * right-hand end of an index on it (a terminal's nonces, say).
     */
    public static String sortableToken(long epochMillis, int randomBytes) {
        var token = new StringBuilder(TIME_CHARS + (randomBytes * 4 + 2) / 3);
        return appendTime(token, epochMillis).append(randomToken(randomBytes)).toString();
    }

    /** {@code epochMillis} as {@link #TIME_CHARS} characters of {@link #SORTED}, most significant first. */
    private static StringBuilder appendTime(StringBuilder to, long epochMillis) {
        for (int shift = 6 * (TIME_CHARS - 1); shift >= 0; shift -= 6) {
            to.append(SORTED[(int) (epochMillis >>> shift) & 63]);
        }
        return to;
    }

    /**
     * The time (epoch millis) written in an id made by {@link #random}, or by a prefix and {@code _}
     * before a {@link #sortableToken}; empty when the id holds no such time. Lets a reader order by
     * the time itself where a database compares text by a collation other than its bytes.
     */
    public static java.util.OptionalLong timeOf(String id) {
        int start = id == null ? 0 : id.indexOf('_') + 1;
        if (start == 0 || id.length() < start + TIME_CHARS) return java.util.OptionalLong.empty();
        long millis = 0;
        for (int i = start; i < start + TIME_CHARS; i++) {
            int value = java.util.Arrays.binarySearch(SORTED, id.charAt(i));
            if (value < 0) return java.util.OptionalLong.empty();
            millis = (millis << 6) | value;
        }
        return java.util.OptionalLong.of(millis);
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
