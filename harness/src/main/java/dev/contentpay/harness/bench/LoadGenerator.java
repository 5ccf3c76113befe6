package dev.contentpay.harness.bench;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.observe.Trace;
import dev.contentpay.protocol.ApprovalResponse;
import dev.contentpay.protocol.SelectResponse;
import dev.contentpay.client.ContentpayClient;
import dev.contentpay.client.PinPrompt;

import java.net.URI;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives complete purchases through the terminal's own client, as a crowd of buyers would: select
 * at the shop, approve at auth (with the buyer's enrolled terminal, or with the password every
 * time), present to settlement (which has auth judge, settles and answers a receipt), download
 * the content and check its hash. Each purchase runs on a virtual thread of its own.
 *
 * <p>Closed loop: {@code buyers} threads each buy again as soon as the last purchase ended; the
 * rate is whatever the system gives. Open loop: purchases start on a fixed schedule whatever
 * happens to the earlier ones, and each is timed from when the schedule said it should start, so
 * a stall is charged to every purchase it delayed rather than hidden (coordinated omission).
 */
final class LoadGenerator {

    /**
     * How a run is driven: {@code rate} purchases a second when positive (open loop), else
     * {@code buyers} in a closed loop. An open loop climbs to its rate over {@code rampNanos} (from a
     * tenth of it), so that a JVM whose code is not compiled yet is not buried under a backlog it
     * could only clear once warm; the warm-up's second half is spent at the full rate.
     *
     * <p>Until {@code warmupNanos} have passed, an open loop also starts no purchase while more than
     * {@link #warmupBacklog()} are under way: a backlog built while the JVM was still compiling would
     * otherwise drain into the measured window and be charged to it (once 500 purchases, which
     * took the first 4 s of the measurement to clear). Arrivals skipped so are the warm-up's own and
     * count nowhere; from the first measured arrival on, only {@code maxInFlight} holds any back.
     */
    record Plan(int buyers, double rate, int maxInFlight, boolean passwordEveryPurchase, long rampNanos, long warmupNanos) {
        boolean open() {
            return rate > 0;
        }

        /** The most purchases under way during the warm-up: a tenth of a second's arrivals, at least 8. */
        int warmupBacklog() {
            return (int) Math.min(maxInFlight, Math.max(8, Math.ceil(rate / 10)));
        }
    }

    /** Marks arrivals the open loop could not start because {@code maxInFlight} purchases were still running. */
    static final String NOT_STARTED = "generator_saturated";

    private final ContentpayClient client;
    private final URI shop;
    private final String item;
    private final Buyers buyers;
    private final Measurements measurements;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();

    LoadGenerator(ContentpayClient client, URI shop, String item, Buyers buyers, Measurements measurements) {
        this.client = client;
        this.shop = shop;
        this.item = item;
        this.buyers = buyers;
        this.measurements = measurements;
    }

    int inFlight() {
        return inFlight.get();
    }

    /** Runs until {@code endNanos}, then waits for the purchases under way. */
    void run(Plan plan, long endNanos) throws InterruptedException {
        if (plan.open()) openLoop(plan, endNanos);
        else closedLoop(plan, endNanos);
    }

    private void closedLoop(Plan plan, long endNanos) throws InterruptedException {
        var threads = new ArrayList<Thread>();
        for (int i = 0; i < plan.buyers(); i++) {
            Buyers.Buyer buyer = buyers.get(i);
            threads.add(Thread.ofVirtual().name("bench-buyer-" + i).start(() -> {
                for (long now = System.nanoTime(); now < endNanos; now = System.nanoTime()) {
                    inFlight.incrementAndGet();
                    purchase(buyer, plan.passwordEveryPurchase(), now);
                }
            }));
        }
        for (Thread t : threads) t.join();
    }

    private void openLoop(Plan plan, long endNanos) throws InterruptedException {
        long full = Math.max(1, (long) (1_000_000_000L / plan.rate()));
        long start = System.nanoTime();
        long warmEnd = start + plan.warmupNanos();
        var running = new java.util.concurrent.ConcurrentLinkedQueue<Thread>();
        long intended = start;
        for (long n = 0; ; n++) {
            if (n > 0) intended += periodAt(intended - start, full, plan.rampNanos());
            if (intended >= endNanos) break;
            long wait = intended - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(wait);
            if (intended < warmEnd && inFlight.get() >= plan.warmupBacklog()) continue; // the warm-up's backlog, shed
            if (inFlight.get() >= plan.maxInFlight()) {
                measurements.failed(NOT_STARTED, intended);
                continue;
            }
            Buyers.Buyer buyer = buyers.get(n);
            inFlight.incrementAndGet();
            long at = intended;
            running.add(Thread.ofVirtual().start(() -> purchase(buyer, plan.passwordEveryPurchase(), at)));
            if ((n & 1023) == 0) running.removeIf(t -> !t.isAlive());
        }
        for (Thread t : running) t.join();
    }

    /** The time between two starts {@code elapsed} after the first: ten times the full rate's at first, the full rate's after the ramp. */
    static long periodAt(long elapsed, long fullPeriod, long rampNanos) {
        if (rampNanos <= 0 || elapsed >= rampNanos) return fullPeriod;
        double share = 0.1 + 0.9 * elapsed / (double) rampNanos;
        return Math.max(1, (long) (fullPeriod / share));
    }

    /** One whole purchase, timed step by step; a refusal is counted by its code. The caller counted it in flight. */
    private void purchase(Buyers.Buyer buyer, boolean passwordEveryPurchase, long intendedNanos) {
        long started = System.nanoTime();
        try {
            Trace.within(Trace.newTraceId(), () -> {
                long t0 = System.nanoTime();
                SelectResponse selection = client.select(shop, item);
                long t1 = System.nanoTime();
                ApprovalResponse approval = passwordEveryPurchase || buyer.terminal() == null
                        ? client.approve(buyer.subscriberId(), buyer.password(), selection)
                        : client.approve(buyer.terminal(), selection, PinPrompt.NONE);
                long t2 = System.nanoTime();
                // Checked against the receipt and kept nowhere: the bench measures delivery, not where the bytes go.
                client.complete(selection, approval, java.io.OutputStream.nullOutputStream());
                long t3 = System.nanoTime();
                // In the order of Step: select, approve, present (with the content).
                measurements.completed(intendedNanos, started, t3, new long[]{t1 - t0, t2 - t1, t3 - t2});
                return null;
            });
        } catch (ContentpayException e) {
            measurements.failed(e.code().code(), intendedNanos);
        } catch (RuntimeException e) {
            measurements.failed("unexpected_" + e.getClass().getSimpleName(), intendedNanos);
        } finally {
            inFlight.decrementAndGet();
            sequence.incrementAndGet();
        }
    }

    long attempted() {
        return sequence.get();
    }
}
