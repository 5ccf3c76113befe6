package dev.contentpay.platform.crypto;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
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
     * Each hash holds {@code memoryKiB} of memory and a core for tens of milliseconds. Hashes run on
     * a few platform threads of their own, one per core, never on the callers' virtual threads: a
     * virtual thread computing a hash would hold its carrier, and with as many hashes as carriers no
     * other request could run at all. The callers wait for their hash parked, off the carriers.
     * Hashes beyond those running wait in a queue of at most {@code maxWaiting}; more are refused
     * at once ({@link ErrorCode#SERVER_BUSY}), so a flood of sign-ins costs bounded memory and time.
     */
    private final java.util.concurrent.ThreadPoolExecutor workers;

    /** At most this many hashes wait for a core by default; more are refused at once. */
    public static final int DEFAULT_MAX_WAITING = 64;

    private final Cost cost;
    private final String dummyHash;
    /**
     * Each hashing thread's memory for its hashes ({@code memoryKiB}, about 19 MiB at the default
     * cost), kept from one hash to the next instead of allocated anew: the generator wipes every
     * block before it returns it here. Without it each hash left 19,456 one-KiB arrays to the
     * collector, about 400 MB a second under a load of password purchases.
     */
    private final ThreadLocal<Argon2BytesGenerator.FixedBlockPool> blocks;

    public PasswordHasher(Cost cost) {
        this(cost, DEFAULT_MAX_WAITING);
    }

    /**
     * {@code maxWaiting} bounds the queue for a core: a hash that would wait behind that many is
     * refused at once with {@link ErrorCode#SERVER_BUSY} (503, retryable, {@code Retry-After: 1}),
     * so a flood of sign-ins costs bounded memory and time, and the callers already waiting are
     * answered within their time-outs.
     */
    public PasswordHasher(Cost cost, int maxWaiting) {
        this.cost = cost;
        this.blocks = ThreadLocal.withInitial(() -> new Argon2BytesGenerator.FixedBlockPool(
                Argon2BytesGenerator.getBlockCount(cost.memoryKiB(), cost.parallelism())));
        int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
        var names = Thread.ofPlatform().daemon().name("argon2id-", 1).factory();
        this.workers = new java.util.concurrent.ThreadPoolExecutor(cores, cores, 1, java.util.concurrent.TimeUnit.MINUTES,
                new java.util.concurrent.ArrayBlockingQueue<>(maxWaiting), names, new java.util.concurrent.ThreadPoolExecutor.AbortPolicy());
        this.workers.allowCoreThreadTimeOut(true);
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

    private byte[] derive(char[] secret, byte[] salt, Cost cost) {
        java.util.concurrent.Future<byte[]> result;
        try {
            result = workers.submit(() -> deriveNow(secret, salt, cost, blocks.get()));
        } catch (java.util.concurrent.RejectedExecutionException full) {
            throw new ContentpayException(ErrorCode.SERVER_BUSY);
        }
        try {
            return result.get();
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a password hash", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    private static byte[] deriveNow(char[] secret, byte[] salt, Cost cost, Argon2BytesGenerator.BlockPool pool) {
        var params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(cost.memoryKiB)
                .withIterations(cost.iterations)
                .withParallelism(cost.parallelism)
                .withBlockPool(pool)
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
