package dev.contentpay.settlement.notice;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.settlement.fault.FaultPoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Delivers the outbox to the issuer ([0072]-[0073]): payment notices, refunds and voids, on
 * background threads, so a slow or failed issuer delays messages and never a purchase. A
 * message leaves as soon as its fact commits ({@link #wake()}); the worker also polls, which is how
 * messages left over from before a restart, and those waiting out a back-off, get sent. Delivery is
 * at least once: a message is marked sent only after the issuer acknowledged it, so a crash between
 * the two sends it again, and the issuer applies it once by its subject.
 */
public final class NoticeWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NoticeWorker.class);
    /**
     * Messages read in one round: as many as one batch of payment notices may hold, so that a
     * backlog drains in calls of 100 rather than 20 (with 20, a round's fixed cost capped the
     * notices at about the purchase rate of the closed-loop bench, and the backlog grew).
     */
    private static final int BATCH = dev.contentpay.protocol.PaymentNoticeBatch.MAX_NOTICES;
    /**
     * Messages of one batch sent at once. A batch holds only messages whose predecessors were sent
     * ({@link OutboxStore#claimDue}), so they do not depend on each other. One at a time, each waited
     * for the issuer's answer and then for our own commit: under load the backlog grew without
     * bound (docs/BENCHMARKS.md, "Optimisations made").
     */
    static final int SENDERS = 4;
    /**
     * How long a taken message is left alone by other instances sharing the database. A sender that
     * dies is noticed sooner (its leases are released when it is found dead); one that is merely
     * slow past the lease lets another send too, which the issuer applies once by subject.
     */
    static final Duration LEASE = Duration.ofMinutes(1);
    /** How long a round waits for more notices to join it, when the round before found work. */
    static final Duration LINGER = Duration.ofMillis(5);

    private final OutboxStore store;
    private final IssuerDeliveries deliveries;
    private final Clock clock;
    private final int maxAttempts;
    private final FaultPoints faults;
    private volatile boolean lastRoundBusy;
    private final dev.contentpay.platform.work.Rounds rounds;
    private java.util.concurrent.ExecutorService senders;

    public NoticeWorker(OutboxStore store, IssuerDeliveries deliveries, Clock clock, int maxAttempts, Duration pollInterval,
                        FaultPoints faults) {
        this.store = store;
        this.deliveries = deliveries;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
        this.faults = faults;
        this.rounds = new dev.contentpay.platform.work.Rounds("outbox", pollInterval, BATCH, this::deliverDue);
    }

    public synchronized void start() {
        if (rounds.running()) return;
        var counter = new java.util.concurrent.atomic.AtomicInteger();
        senders = java.util.concurrent.Executors.newFixedThreadPool(SENDERS,
                r -> Thread.ofPlatform().daemon().name("settlement-outbox-" + counter.incrementAndGet()).unstarted(r));
        rounds.start(Thread.ofPlatform().daemon().name("settlement-outbox").factory());
    }

    /** Asks for a delivery round now; never blocks. */
    public void wake() {
        rounds.wake();
    }

    @Override
    public synchronized void close() {
        if (senders == null) return;
        // Stopped first, so that a sender interrupted below reschedules its message without counting the attempt.
        rounds.close();
        senders.shutdownNow();
        try {
            senders.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        senders = null;
    }

    private int deliverDue() {
        lingerForCompany();
        Instant now = clock.instant();
        var due = store.claimDue(now, BATCH, now.plus(LEASE));
        lastRoundBusy = !due.isEmpty();
        var sending = new java.util.ArrayList<java.util.concurrent.Future<?>>();
        var notices = new java.util.ArrayList<OutboxMessage>();
        for (OutboxMessage message : due) {
            if (!rounds.running()) break;
            faults.holdIfFrozen();
            if (message.kind() == OutboxMessage.Kind.NOTICE) notices.add(message);
            else sending.add(senders.submit(() -> deliver(message)));
        }
        if (notices.size() == 1) sending.add(senders.submit(() -> deliver(notices.getFirst())));
        else if (notices.size() > 1) sending.addAll(deliverNotices(notices));
        // The whole batch is settled before the next is read, so no message is sent twice at once.
        for (var sent : sending) {
            try {
                sent.get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (rounds.running()) LOG.warn("outbox delivery failed; will retry: {}", e.getCause().toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return due.size();
    }

    /**
     * Waits {@link #LINGER} when the last round found work, so that the notices of purchases
     * settling at about the same time travel together: a payment notice is owed, not awaited by the
     * buyer, and a few milliseconds buy one exchange, one assertion and one commit at the issuer
     * for many.
     */
    private void lingerForCompany() {
        if (!lastRoundBusy) return;
        try {
            Thread.sleep(LINGER);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends several payment notices in one exchange ({@link IssuerDeliveries#notices}); each
     * message is then acknowledged or rescheduled as the issuer's verdict on it says, the
     * acknowledgements all in one transaction.
     */
    private java.util.List<java.util.concurrent.Future<?>> deliverNotices(java.util.List<OutboxMessage> notices) {
        java.util.List<IssuerDeliveries.Outcome> outcomes;
        try {
            outcomes = dev.contentpay.platform.observe.Trace.within(dev.contentpay.platform.observe.Trace.newTraceId(),
                    () -> deliveries.notices(notices));
        } catch (ContentpayException e) {
            return notices.stream().<java.util.concurrent.Future<?>>map(m -> senders.submit(() -> failed(m, m.attempts() + 1, e.code().code()))).toList();
        } catch (RuntimeException e) {
            LOG.warn("a batch of {} payment notices could not be sent: {}", notices.size(), e.toString());
            return notices.stream().<java.util.concurrent.Future<?>>map(m -> senders.submit(() -> failed(m, m.attempts() + 1, "internal_error"))).toList();
        }
        var acknowledgements = new java.util.ArrayList<OutboxStore.Acknowledgement>(notices.size());
        var following = new java.util.ArrayList<java.util.concurrent.Future<?>>();
        for (int i = 0; i < notices.size(); i++) {
            OutboxMessage m = notices.get(i);
            IssuerDeliveries.Outcome outcome = outcomes.get(i);
            if (outcome.delivered() != null) {
                var d = outcome.delivered();
                acknowledgements.add(new OutboxStore.Acknowledgement(m, m.attempts() + 1, d.result(), d.event(), d.data()));
            } else {
                following.add(senders.submit(() -> failed(m, m.attempts() + 1, outcome.refusedWith())));
            }
        }
        if (!acknowledgements.isEmpty()) {
            following.add(senders.submit(() -> {
                store.acknowledgedAll(acknowledgements, clock.instant());
                for (var a : acknowledgements) logAcknowledged(a.message(), a.attempts(), a.result());
            }));
        }
        return following;
    }

    /** Delivers under the trace id of the purchase the message reports, so its log lines join the purchase's. */
    private void deliver(OutboxMessage m) {
        String trace = m.traceId() != null ? m.traceId() : dev.contentpay.platform.observe.Trace.newTraceId();
        dev.contentpay.platform.observe.Trace.within(trace, () -> {
            deliverNow(m);
            return null;
        });
    }

    private void deliverNow(OutboxMessage m) {
        int attempt = m.attempts() + 1;
        IssuerDeliveries.Delivered delivered;
        try {
            delivered = deliveries.send(m);
        } catch (ContentpayException e) {
            failed(m, attempt, e.code().code());
            return;
        } catch (RuntimeException e) {
            LOG.warn("{} {} could not be sent: {}", what(m), m.subject(), e.toString());
            failed(m, attempt, "internal_error");
            return;
        }
        acknowledge(m, attempt, delivered);
    }

    private void acknowledge(OutboxMessage m, int attempt, IssuerDeliveries.Delivered delivered) {
        store.acknowledged(m, attempt, clock.instant(), delivered.result(), delivered.event(), delivered.data());
        logAcknowledged(m, attempt, delivered.result());
    }

    /**
     * The first attempt's success is the everyday case, one line a purchase: DEBUG (docs/DECISIONS.md,
     * "Per-purchase log lines are DEBUG"); a success after failures is worth an operator's eye.
     */
    private static void logAcknowledged(OutboxMessage m, int attempt, String result) {
        if (attempt == 1) {
            LOG.debug("{} {} (settlement {}) acknowledged as {}", what(m), m.subject(), m.settlementId(), result);
        } else {
            LOG.info("{} {} (settlement {}) acknowledged as {} after {} attempts", what(m), m.subject(), m.settlementId(), result, attempt);
        }
    }

    /**
     * Every failure is retried, refusals included: the message is owed whatever the issuer said,
     * and a refusal caused by configuration (a key not yet registered, an endpoint not yet
     * deployed) heals once an operator fixes it; after the last attempt it waits on the
     * dead-letter list for the operator to resend it.
     */
    private void failed(OutboxMessage m, int attempt, String code) {
        if (!rounds.running()) {
            // Interrupted by shutdown: not the issuer's failure, so not counted; due again at once for whoever runs next.
            store.reschedule(m.id(), m.attempts(), clock.instant(), m.lastError());
            return;
        }
        if (attempt >= maxAttempts) {
            store.markDead(m, attempt, code, clock.instant());
            LOG.error("{} {} (settlement {}) is DEAD after {} attempts, last error {}; see the dead-letter list",
                    what(m), m.subject(), m.settlementId(), attempt, code);
            return;
        }
        Instant next = clock.instant().plus(Backoff.after(attempt));
        store.reschedule(m.id(), attempt, next, code);
        LOG.warn("{} {} (settlement {}) failed with {} (attempt {}); next attempt at {}",
                what(m), m.subject(), m.settlementId(), code, attempt, next);
    }

    private static String what(OutboxMessage m) {
        return switch (m.kind()) {
            case NOTICE -> "payment notice for allowance";
            case REFUND -> "refund";
            case VOID -> "void of approval";
        };
    }
}
