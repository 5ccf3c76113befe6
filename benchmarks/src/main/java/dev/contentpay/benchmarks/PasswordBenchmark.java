package dev.contentpay.benchmarks;

import dev.contentpay.platform.crypto.PasswordHasher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Argon2id at the configured cost (auth's default, {@link PasswordHasher.Cost#DEFAULT}): the check
 * every password purchase pays at auth, and the hash every registration and password change pays.
 * It is slow on purpose; a password purchase can go no faster than this, times the cores.
 */
@State(Scope.Benchmark)
public class PasswordBenchmark {

    private PasswordHasher hasher;
    private String stored;
    private final char[] password = "alice-demo-pass".toCharArray();

    @Setup
    public void setUp() {
        hasher = new PasswordHasher(PasswordHasher.Cost.DEFAULT);
        stored = hasher.hash(password);
    }

    @Benchmark
    public boolean verify() {
        return hasher.verify(password, stored);
    }

    @Benchmark
    public String hash() {
        return hasher.hash(password);
    }
}
