package dev.contentpay.settlement.notice;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before the next delivery of a notice: doubling from 500 ms up to 60 s, each
 * delay shaken by up to a fifth either way so that notices refused together (the issuer was down)
 * do not all come back in the same instant.
 */
final class Backoff {

    static final Duration FIRST = Duration.ofMillis(500);
    static final Duration CAP = Duration.ofSeconds(60);

    private Backoff() {
    }

    /** The delay after {@code failures} failed attempts (1 or more). */
    static Duration after(int failures) {
        int doublings = Math.min(Math.max(failures, 1) - 1, 20);
        long base = Math.min(CAP.toMillis(), FIRST.toMillis() << doublings);
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.min(CAP.toMillis(), Math.round(base * jitter)));
    }
}
