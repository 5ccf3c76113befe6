package dev.contentpay.platform.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The real time plus an offset a test can move forward, shared by every server of a deployment; it
 * can also be stopped on one instant, so that everything done meanwhile happens in one millisecond.
 */
public final class MutableClock extends Clock {

    private final AtomicLong offsetMillis = new AtomicLong();
    private final AtomicReference<Instant> stoppedAt = new AtomicReference<>();

    public void advance(Duration by) {
        offsetMillis.addAndGet(by.toMillis());
    }

    /** Stops the clock on its current instant until {@link #restart()}. */
    public void stop() {
        stoppedAt.set(instant());
    }

    /** Lets the clock run on from where it was stopped. */
    public void restart() {
        Instant stopped = stoppedAt.getAndSet(null);
        if (stopped != null) offsetMillis.addAndGet(Math.max(0, stopped.toEpochMilli() - Instant.now().plusMillis(offsetMillis.get()).toEpochMilli()));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        Instant stopped = stoppedAt.get();
        return stopped != null ? stopped : Instant.now().plusMillis(offsetMillis.get());
    }
}
