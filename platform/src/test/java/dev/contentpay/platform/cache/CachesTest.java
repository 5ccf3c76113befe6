package dev.contentpay.platform.cache;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** An expiring cache follows the clock it is given, and never holds more than its bound. */
class CachesTest {

    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-06T00:00:00Z"));
    final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void anEntryLivesItsTimeOnTheGivenClockAndNoLonger() {
        var cache = Caches.<String, String>expiring(clock, Duration.ofSeconds(30), 10);
        cache.put("k", "v");

        now.set(now.get().plusSeconds(29));
        assertThat(cache.getIfPresent("k")).isEqualTo("v");
        now.set(now.get().plusSeconds(1));
        assertThat(cache.getIfPresent("k")).isNull();
    }

    @Test
    void theCacheNeverHoldsMoreThanItsBound() {
        var cache = Caches.<Integer, Integer>expiring(clock, Duration.ofHours(1), 100);
        for (int i = 0; i < 10_000; i++) cache.put(i, i);
        cache.cleanUp();

        assertThat(cache.estimatedSize()).isLessThanOrEqualTo(100);
    }
}
