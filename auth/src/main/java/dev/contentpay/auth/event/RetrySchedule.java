package dev.contentpay.auth.event;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a webhook that failed is tried again: 5 s, 1 min, 10 min, 1 h and 4 h after the first five
 * failures, then every 8 h; each delay shaken by up to a tenth either way, so that the events of a
 * merchant that was down do not all come back in the same instant. A delivery still failing once
 * {@link #GIVE_UP_AFTER} has passed since the event was made is given up: marked FAILED for the
 * operator, who may send it again.
 */
public final class RetrySchedule {

    static final List<Duration> DELAYS = List.of(Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofHours(1),
            Duration.ofHours(4));
    static final Duration THEN_EVERY = Duration.ofHours(8);
    public static final Duration GIVE_UP_AFTER = Duration.ofDays(3);

    private RetrySchedule() {
    }

    /** The delay after {@code failures} failed attempts (1 or more). */
    static Duration after(int failures) {
        Duration base = failures >= 1 && failures <= DELAYS.size() ? DELAYS.get(failures - 1) : THEN_EVERY;
        double jitter = 0.9 + 0.2 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.round(base.toMillis() * jitter));
    }

    /** True when an event made at {@code occurredAt} that failed at {@code now} is given up on. */
    static boolean givesUp(Instant occurredAt, Instant now) {
        return !now.isBefore(occurredAt.plus(GIVE_UP_AFTER));
    }
}
