package dev.contentpay.settlement.fault;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * TEST ONLY: named points of a purchase where the server can be made to stop dead, so that a test
 * can {@code kill -9} the process exactly there (setting {@code fault.pause-at}). On reaching the
 * configured point the server prints {@value #MARKER}{@code <point>} on standard output, stops
 * delivering to the issuer, and blocks the purchase for ever. With the setting empty, the default,
 * every method here returns at once.
 */
public final class FaultPoints {

    /** The line a test waits for on the server's standard output. */
    public static final String MARKER = "contentpay-fault: paused at ";

    /** Where a purchase can be held. */
    public enum Point {
        /** The issuer's allowance is verified and nothing is committed yet. */
        AFTER_ALLOWANCE,
        /** The settlement, its ledger journal and its payment notice are committed; the notice is not sent. */
        AFTER_COMMIT;

        public String setting() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Point fromSetting(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(FaultPoints.class);

    private final Point pauseAt;
    private final PrintStream out;
    private final CountDownLatch never = new CountDownLatch(1);
    private volatile boolean frozen;

    public FaultPoints(Point pauseAt, PrintStream out) {
        this.pauseAt = pauseAt;
        this.out = out;
        if (pauseAt != null) LOG.warn("TEST ONLY: fault.pause-at={} is set; the first purchase to reach it will hang", pauseAt.setting());
    }

    public static FaultPoints none() {
        return new FaultPoints(null, System.out);
    }

    /**
     * Called just before the transaction a point follows: from here on the outbox worker sends
     * nothing, so "after the commit, before the notice is sent" holds however fast the worker is.
     */
    public void approaching(Point point) {
        if (point == pauseAt) frozen = true;
    }

    /** Called at the point itself: announces it and never returns when it is the configured one. */
    public void reached(Point point) {
        if (point != pauseAt) return;
        frozen = true;
        out.println(MARKER + point.setting());
        out.flush();
        holdForEver();
    }

    /** The outbox worker's check before each delivery. */
    public void holdIfFrozen() {
        if (frozen) holdForEver();
    }

    private void holdForEver() {
        try {
            never.await();
        } catch (InterruptedException e) {
            // Shutdown: let the thread end, but never proceed past the point.
            Thread.currentThread().interrupt();
            throw new IllegalStateException("stopped while paused at a fault point");
        }
    }
}
