package dev.contentpay.settlement.notice;

import org.junit.jupiter.api.RepeatedTest;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    @RepeatedTest(20)
    void theDelayDoublesFromHalfASecondWithJitterAndNeverExceedsAMinute() {
        assertThat(Backoff.after(1)).isBetween(Duration.ofMillis(400), Duration.ofMillis(600));
        assertThat(Backoff.after(2)).isBetween(Duration.ofMillis(800), Duration.ofMillis(1200));
        assertThat(Backoff.after(5)).isBetween(Duration.ofMillis(6400), Duration.ofMillis(9600));
        assertThat(Backoff.after(12)).isBetween(Duration.ofSeconds(48), Duration.ofSeconds(60));
        assertThat(Backoff.after(1000)).isBetween(Duration.ofSeconds(48), Duration.ofSeconds(60));
    }
}
