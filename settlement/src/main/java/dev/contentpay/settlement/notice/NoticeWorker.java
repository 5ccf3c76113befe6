package dev.contentpay.settlement.notice;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.settlement.issuer.IssuerClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Delivers the payment notices of the outbox to the issuer ([0072]-[0073]) on one background
 * virtual thread, so a slow or failed issuer delays notices and never a purchase. A notice leaves
 * as soon as its settlement commits ({@link #wake()}); the worker also polls, which is how notices
 * left over from before a restart, and those waiting out a back-off, get sent. Delivery is at
 * least once; the issuer applies a notice once per allowance.
 */
public final class NoticeWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NoticeWorker.class);
    private static final int BATCH = 20;

    private final NoticeStore store;
    private final IssuerClient issuer;
    private final Clock clock;
    private final int maxAttempts;
    private final Duration pollInterval;
    /** Capacity one: any number of wake-ups while the worker is busy collapse into one more round. */
    private final BlockingQueue<Boolean> wakeups = new ArrayBlockingQueue<>(1);
    private volatile boolean running;
    private Thread thread;

    public NoticeWorker(NoticeStore store, IssuerClient issuer, Clock clock, int maxAttempts, Duration pollInterval) {
        this.store = store;
        this.issuer = issuer;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
        this.pollInterval = pollInterval;
    }

    public synchronized void start() {
        if (running) return;
        running = true;
        thread = Thread.ofVirtual().name("settlement-notices").start(this::run);
    }

    /** Asks for a delivery round now; never blocks. */
    public void wake() {
        wakeups.offer(Boolean.TRUE);
    }

    @Override
    public synchronized void close() {
        running = false;
        if (thread == null) return;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
    }

    private void run() {
        while (running) {
            try {
                while (running && deliverDue() == BATCH) {
                    // A full batch means more may be due: go again before sleeping.
                }
            } catch (RuntimeException e) {
                // The database may be briefly unavailable; the outbox keeps everything for the next round.
                if (running) LOG.warn("payment notice round failed; will retry: {}", e.toString());
            }
            awaitWork();
        }
    }

    private void awaitWork() {
        try {
            wakeups.poll(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private int deliverDue() {
        var due = store.due(clock.instant(), BATCH);
        for (OutboxNotice notice : due) {
            if (!running) break;
            deliver(notice);
        }
        return due.size();
    }

    private void deliver(OutboxNotice notice) {
        int attempt = notice.attempts() + 1;
        try {
            issuer.notify(notice.toPaymentNotice(), notice.idempotencyKey());
        } catch (ContentpayException e) {
            failed(notice, attempt, e.code().code());
            return;
        } catch (RuntimeException e) {
            failed(notice, attempt, "internal_error");
            return;
        }
        store.markSent(notice.allowanceId(), attempt, clock.instant());
        LOG.info("payment notice for settlement {} (allowance {}) acknowledged after {} attempt(s)",
                notice.settlementId(), notice.allowanceId(), attempt);
    }

    /**
     * Every failure is retried, refusals included: the notice is owed whatever the issuer said, and
     * a refusal caused by configuration (a key not yet registered) heals once an operator fixes it.
     */
    private void failed(OutboxNotice notice, int attempt, String code) {
        if (!running) return; // Interrupted by shutdown: not the issuer's failure, so not counted.
        if (attempt >= maxAttempts) {
            store.markDead(notice.allowanceId(), attempt, code);
            LOG.error("payment notice for settlement {} (allowance {}) is DEAD after {} attempts, last error {}",
                    notice.settlementId(), notice.allowanceId(), attempt, code);
            return;
        }
        Instant next = clock.instant().plus(Backoff.after(attempt));
        store.reschedule(notice.allowanceId(), attempt, next, code);
        LOG.warn("payment notice for settlement {} (allowance {}) failed with {} (attempt {}); next attempt at {}",
                notice.settlementId(), notice.allowanceId(), code, attempt, next);
    }
}
