package dev.contentpay.settlement.purchase;

import dev.contentpay.settlement.ledger.SettlementStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Invariant 5 on settlement's side: a purchase is never left half done. A presentation whose
 * judgement was asked for but which has no outcome {@code purchase.abandon-after} later was cut off
 * (we died between the issuer's allowance and our commit, or the buyer went away after a failure);
 * it is given up and its approval voided at the issuer, exactly as a time-out is. Until then, the
 * buyer's retry with the same idempotency key completes it.
 */
public final class PresentationSweeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PresentationSweeper.class);
    private static final int BATCH = 50;
    static final String REASON = "no_outcome";
    /**
     * How far before the last sweep's mark a sweep looks again: a presentation another instance
     * stamped by a clock a little behind ours, committed after that sweep, is still found.
     */
    static final Duration LOOK_BACK = Duration.ofMinutes(1);

    private final SettlementStore store;
    private final Clock clock;
    private final Duration abandonAfter;
    private final Runnable onAbandoned;
    private final Runnable recovery;
    private ScheduledExecutorService scheduler;
    /**
     * Every presentation stamped before this had an outcome or a refusal at the last sweep, so the
     * next one starts there (less {@link #LOOK_BACK}) instead of reading the whole history of
     * presentations, which is never pruned, at every sweep. The first sweep of a process reads it all.
     * Sweeps run one at a time on the sweeper's thread; one run beside them by hand could only set
     * it back to an earlier mark, which looks at more, never at less.
     */
    private volatile Instant finishedBefore = Instant.EPOCH;

    /**
     * {@code recovery} runs before each sweep: it frees what dead instances sharing the database
     * left taken, which an instance that never restarts must do from time to time.
     */
    public PresentationSweeper(SettlementStore store, Clock clock, Duration abandonAfter, Runnable onAbandoned, Runnable recovery) {
        this.store = store;
        this.clock = clock;
        this.abandonAfter = abandonAfter;
        this.onAbandoned = onAbandoned;
        this.recovery = recovery;
    }

    /** Sweeps every {@code interval} on a platform thread of its own. */
    public synchronized void start(Duration interval) {
        if (scheduler != null) return;
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("settlement-sweeper").factory());
        scheduler.scheduleWithFixedDelay(this::sweepQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Gives up presentations older than the limit that still have no outcome, up to a batch of them
     * (the next sweep takes the rest); returns how many.
     */
    public int sweep() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant cutoff = now.minus(abandonAfter);
        var unfinished = store.unfinished(finishedBefore.minus(LOOK_BACK), cutoff, BATCH);
        int abandoned = 0;
        for (var p : unfinished) {
            // False when the purchase got its outcome meanwhile: finished either way.
            if (store.abandon(p.approvalId(), p.orderId(), p.amount(), REASON, now)) {
                abandoned++;
                LOG.warn("gave up on approval {} (order {}): presented at {} and never finished; its void is queued",
                        p.approvalId(), p.orderId(), p.firstPresentedAt());
            }
        }
        // With a full batch, those after its last may still be unfinished.
        finishedBefore = unfinished.size() < BATCH ? cutoff : unfinished.getLast().firstPresentedAt();
        if (abandoned > 0) onAbandoned.run();
        return abandoned;
    }

    private void sweepQuietly() {
        try {
            recovery.run();
        } catch (RuntimeException e) {
            LOG.warn("releasing what stopped instances left failed; will retry: {}", e.toString());
        }
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("sweeping unfinished presentations failed; will retry: {}", e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler == null) return;
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler = null;
    }
}
