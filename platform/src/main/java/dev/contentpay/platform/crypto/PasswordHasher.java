package dev.contentpay.platform.crypto;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Argon2id password and PIN hashing, stored in the PHC string format
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}) so the cost can be raised later and old hashes
 * still verify. The default cost is OWASP's minimum recommendation for Argon2id.
 */
public final class PasswordHasher {

    public record Cost(int memoryKiB, int iterations, int parallelism) {
        public static final Cost DEFAULT = new Cost(19_456, 2, 1);
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    private static final int HASH_LENGTH = 32;

    /**
     * Each hash holds {@code memoryKiB} of memory while it runs; with virtual threads nothing else
     * bounds how many run at once, so 200 concurrent sign-ins would need 200 times that. Hashes
     * queue here instead: more at once than there are cores would not finish sooner anyway.
     */
    private static final java.util.concurrent.Semaphore CONCURRENT_HASHES =
            new java.util.concurrent.Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors()), true);

    private final Cost cost;
    private final String dummyHash;

    public PasswordHasher(Cost cost) {
        this.cost = cost;
        this.dummyHash = hash("not a real password".toCharArray());
    }

    public String hash(char[] secret) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] out = derive(secret, salt, cost);
        return "$argon2id$v=19$m=" + cost.memoryKiB + ",t=" + cost.iterations + ",p=" + cost.parallelism
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
    }

    /** Checks {@code secret} against a stored hash in constant time for a given cost. */
    public boolean verify(char[] secret, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 6 || !"argon2id".equals(parts[1])) return false;
        int m = 0, t = 0, p = 0;
        for (String kv : parts[3].split(",")) {
            String[] pair = kv.split("=");
            int v = Integer.parseInt(pair[1]);
            switch (pair[0]) {
                case "m" -> m = v;
                case "t" -> t = v;
                case "p" -> p = v;
                default -> { return false; }
            }
        }
        byte[] salt = B64D.decode(parts[4]);
        byte[] expected = B64D.decode(parts[5]);
        byte[] actual = derive(secret, salt, new Cost(m, t, p));
        return MessageDigest.isEqual(expected, actual);
    }

    /**
     * Spends the same time as a real check, for an unknown subscriber id, so that the answer's
     * timing does not reveal which ids exist.
     */
    public void verifyAgainstDummy(char[] secret) {
        verify(secret, dummyHash);
    }

    private static byte[] derive(char[] secret, byte[] salt, Cost cost) {
        CONCURRENT_HASHES.acquireUninterruptibly();
        try {
            return deriveNow(secret, salt, cost);
        } finally {
            CONCURRENT_HASHES.release();
        }
    }

    private static byte[] deriveNow(char[] secret, byte[] salt, Cost cost) {
        var params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(cost.memoryKiB)
                .withIterations(cost.iterations)
                .withParallelism(cost.parallelism)
                .build();
        var generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[HASH_LENGTH];
        byte[] bytes = new String(secret).getBytes(StandardCharsets.UTF_8);
        generator.generateBytes(bytes, out);
        java.util.Arrays.fill(bytes, (byte) 0);
        return out;
    }
}
