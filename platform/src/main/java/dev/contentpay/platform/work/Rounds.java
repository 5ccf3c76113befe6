package dev.contentpay.platform.work;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The loop of an outbox worker: a thread that runs rounds of work, each returning how much it
 * took; a round that took a full batch is followed at once by another, otherwise the loop waits
 * for {@link #wake()} (a fact committed that is owed somewhere) or the poll interval, whichever
 * comes first, which is how work waiting out a back-off, or left over from before a restart, is
 * found. A round that throws is logged and the next one tries again. Settlement's notice worker
 * and auth's webhook worker run on it.
 */
public final class Rounds implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Rounds.class);

    private final String name;
    private final Duration pollInterval;
    private final int fullBatch;
    private final IntSupplier round;
    /** Capacity one: any number of wake-ups while a round runs collapse into one more round. */
    private final BlockingQueue<Boolean> wakeups = new ArrayBlockingQueue<>(1);
    private volatile boolean running;
    private Thread thread;

    /** {@code round} does one round and returns how much it took; {@code fullBatch} taken means more may be waiting. */
    public Rounds(String name, Duration pollInterval, int fullBatch, IntSupplier round) {
        this.name = name;
        this.pollInterval = pollInterval;
        this.fullBatch = fullBatch;
        this.round = round;
    }

    /** Starts the loop on a thread made by {@code threads}; starting it again does nothing. */
    public synchronized void start(ThreadFactory threads) {
        if (running) return;
        running = true;
        thread = threads.newThread(this::run);
        thread.start();
    }

    /** True from {@link #start} until {@link #close}. */
    public boolean running() {
        return running;
    }

    /** Asks for a round now; never blocks. */
    public void wake() {
        wakeups.offer(Boolean.TRUE);
    }

    private void run() {
        while (running) {
            try {
                while (running && round.getAsInt() >= fullBatch) {
                    // A full batch means more may be due: go again before waiting.
                }
            } catch (RuntimeException e) {
                // The database may be briefly unavailable; the outbox keeps everything for the next round.
                if (running) LOG.warn("{} round failed; will retry: {}", name, e.toString());
            }
            try {
                wakeups.poll(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    /** Stops the loop and waits up to ten seconds for the round under way. */
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
}
