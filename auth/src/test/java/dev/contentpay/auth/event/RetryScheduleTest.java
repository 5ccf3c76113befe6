package dev.contentpay.auth.event;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RetryScheduleTest {

    @RepeatedTest(20)
    void delaysFollowTheScheduleWithinATenthEitherWay() {
        Duration[] expected = {Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofHours(4),
                Duration.ofHours(8), Duration.ofHours(8)};
        for (int failures = 1; failures <= expected.length; failures++) {
            long base = expected[failures - 1].toMillis();
            assertThat(RetrySchedule.after(failures).toMillis()).as("after %d failures", failures).isBetween(base * 9 / 10, base * 11 / 10);
        }
    }

    @Test
    void anEventIsGivenUpOnlyOnceThreeDaysHavePassed() {
        Instant made = Instant.parse("2026-12-06T09:00:00Z");
        assertThat(RetrySchedule.givesUp(made, made.plus(Duration.ofDays(3)).minusMillis(1))).isFalse();
        assertThat(RetrySchedule.givesUp(made, made.plus(Duration.ofDays(3)))).isTrue();
        // The schedule reaches three days: its delays before giving up add up to more than that at the most jitter-shortened.
        Duration sum = Duration.ZERO;
        int attempts = 0;
        while (sum.compareTo(Duration.ofDays(3)) < 0) {
            sum = sum.plus(RetrySchedule.after(++attempts));
        }
        assertThat(attempts).isBetween(12, 14);
    }
}
