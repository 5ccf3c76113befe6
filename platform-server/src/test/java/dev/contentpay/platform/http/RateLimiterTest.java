package dev.contentpay.platform.http;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.time.HandClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimiterTest {

    @Test
    void anAddressGetsItsShareThenARefusalThatSaysWhenToComeBack() {
        var clock = new HandClock(Instant.ofEpochMilli(1_800_000_000_000L));
        var limiter = new RateLimiter(new RateLimiter.Limits(60, 1_000), clock);
        for (int i = 0; i < 60; i++) limiter.acquire("192.0.2.1");

        assertThatThrownBy(() -> limiter.acquire("192.0.2.1"))
                .isInstanceOfSatisfying(ContentpayException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                    assertThat(e.retryAfter()).hasValueSatisfying(wait ->
                            assertThat(wait).isGreaterThan(Duration.ZERO).isLessThanOrEqualTo(Duration.ofSeconds(1)));
                });
        limiter.acquire("192.0.2.2"); // another address has its own share

        clock.advance(Duration.ofSeconds(1)); // one a second comes back
        limiter.acquire("192.0.2.1");
        assertThatThrownBy(() -> limiter.acquire("192.0.2.1")).isInstanceOf(ContentpayException.class);
    }

    @Test
    void newAddressesNeverForgiveOneThatUsedItsShareWhileTheyFit() {
        var clock = new HandClock(Instant.ofEpochMilli(1_800_000_000_000L));
        var limiter = new RateLimiter(new RateLimiter.Limits(100, 10_000), clock);
        for (int i = 0; i < 100; i++) limiter.acquire("198.51.100.7");

        for (int i = 0; i < 5_000; i++) limiter.acquire(address(i));

        assertThatThrownBy(() -> limiter.acquire("198.51.100.7")).as("still refused: nothing is wiped")
                .isInstanceOf(ContentpayException.class);
    }

    @Test
    void memoryStaysBoundedWhateverTheNumberOfAddresses() {
        var limiter = new RateLimiter(new RateLimiter.Limits(100, 100), new HandClock(Instant.ofEpochMilli(1_800_000_000_000L)));

        for (int i = 0; i < 20_000; i++) limiter.acquire(address(i));

        assertThat(limiter.addresses()).isLessThanOrEqualTo(100);
    }

    @Test
    void anIpv6HostIsOneAddressWhateverItsLast64Bits() {
        var limiter = new RateLimiter(new RateLimiter.Limits(3, 1_000), new HandClock(Instant.ofEpochMilli(1_800_000_000_000L)));
        limiter.acquire("2001:db8:1:2::1");
        limiter.acquire("2001:db8:1:2::2");
        limiter.acquire("2001:db8:1:2:aaaa:bbbb:cccc:dddd");

        assertThatThrownBy(() -> limiter.acquire("2001:db8:1:2:ffff::9")).isInstanceOf(ContentpayException.class);
        limiter.acquire("2001:db8:1:3::1");
    }

    private static String address(int i) {
        return "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
    }
}
