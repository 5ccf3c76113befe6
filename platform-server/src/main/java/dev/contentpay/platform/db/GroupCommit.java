package dev.contentpay.platform.db;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * Group commit for SQLite: the one writer of a database, on its own thread, takes every unit of
 * work waiting at that moment (up to {@code maxBatch}), runs them one after another in one
 * transaction, and commits them together, so that one sync to disk makes them all durable. Each
 * caller is answered only after that commit: with its result, or with its own exception, in which
 * case nothing it wrote is in the commit. A unit that fails does not disturb the others; a commit
 * that fails fails every unit of the batch, none of which is then on disk.
 *
 * <p>A batch first runs without savepoints, since units rarely fail: a savepoint costs SQLite a
 * copy of every page a unit changes, kept to restore it. If a unit fails, that transaction is
 * rolled back and the batch runs again with each unit in its own savepoint, the failing one
 * rolled back to it alone; the batch after such a batch starts with savepoints too, so that a
 * stream of failures does not run every batch twice. A unit may therefore run more than once
 * before its commit, as it may after a transient conflict: units are work on the database alone.
 *
 * <p>Batches form by themselves while a commit is being synced, from the units that arrived
 * meanwhile. When the last commit held one unit (a quiet database), a lone unit is committed at
 * once. Under load (the last commit held several), the writer keeps taking units for up to
 * {@link #LINGER_NANOS} after the first before it commits: a commit costs the writer about as much
 * CPU as the units it carries (its pages written to the log twice over in system calls, then a
 * sync), so fewer, fuller commits make a purchase cheaper (docs/DECISIONS.md, "SQLite writes go
 * through one writer thread that commits in groups"). The units run one after another on one
 * thread, as SQLite's single writer ran them before, so a unit sees everything the earlier units of
 * its batch wrote.
 */
final class GroupCommit implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
    /**
     * Under load, how long the writer goes on taking units after the first of a batch before it
     * commits: 2 ms, set by the system property {@code contentpay.sqlite.group-commit-linger-micros}
     * (0: never wait, to measure the difference). Longer than the time between a shop's selections
     * at a few hundred a second, so that its one unit a purchase is not committed alone; the open
     * loop at 80 % of the closed loop's rate made about a quarter fewer commits (1.5 to 1.1 a
     * purchase) and spent less CPU a purchase than with 1 ms (docs/DECISIONS.md).
     */
    private static final long LINGER_NANOS = Long.getLong("contentpay.sqlite.group-commit-linger-micros", 2000) * 1000;

    private final Jdbi jdbi;
    private final int maxBatch;
    private final int maxAttempts;
    private final BlockingQueue<Unit<?>> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final ThreadLocal<Handle> current = new ThreadLocal<>();
    private final LongAdder commits = new LongAdder();
    private final LongAdder units = new LongAdder();
    private final LongAdder guarded = new LongAdder();
    /** Whether the last batch had a unit fail: the next one then starts with savepoints. */
    private boolean lastFailed;
    private volatile boolean closed;

    GroupCommit(String name, Jdbi jdbi, int maxBatch, int maxAttempts) {
        this.jdbi = jdbi;
        this.maxBatch = maxBatch;
        this.maxAttempts = maxAttempts;
        this.writer = Thread.ofPlatform().daemon().name(name + "-writer").start(this::drain);
    }

    /** Runs {@code callback} in the next group commit and answers once that commit is on disk. */
    <T> T run(HandleCallback<T, RuntimeException> callback) {
        Handle inside = current.get();
        if (inside != null) return callback.withHandle(inside); // a unit that opens a transaction joins its own
        if (closed) throw new IllegalStateException("the database is closed");
        var unit = new Unit<>(callback, MDC.getCopyOfContextMap());
        queue.add(unit);
        if (closed && queue.remove(unit)) throw new IllegalStateException("the database is closed");
        return unit.await();
    }

    /** Transactions committed since the start. */
    long commits() {
        return commits.sum();
    }

    /** Units of work committed (or refused by their own exception) since the start. */
    long units() {
        return units.sum();
    }

    /** Batches of several units that ran with a savepoint for each (after a unit failed, or the batch before had one fail). */
    long guardedBatches() {
        return guarded.sum();
    }

    /**
     * The writer's loop. It must outlive anything a batch throws, an {@link Error} included (an
     * exhausted heap under overload, say): a writer that died would leave every later caller of this
     * database waiting for ever, where a failed batch only fails its own callers. Only
     * {@link #close()} ends it; an interrupt from anything else is ignored.
     */
    private void drain() {
        var batch = new ArrayList<Unit<?>>(maxBatch);
        int last = 0;
        while (!closed) {
            try {
                batch.add(queue.take());
                queue.drainTo(batch, maxBatch - 1);
                if (LINGER_NANOS > 0 && last > 1 && batch.size() < maxBatch) {
                    long deadline = System.nanoTime() + LINGER_NANOS;
                    while (batch.size() < maxBatch) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) break;
                        Unit<?> more = queue.poll(left, java.util.concurrent.TimeUnit.NANOSECONDS);
                        if (more == null) break;
                        batch.add(more);
                        queue.drainTo(batch, maxBatch - batch.size());
                    }
                }
            } catch (InterruptedException e) {
                // Only close() ends the loop; units already taken are committed first.
                if (batch.isEmpty()) continue;
            }
            last = batch.size();
            try {
                commit(batch);
            } catch (Throwable e) {
                for (Unit<?> unit : batch) unit.future.completeExceptionally(e);
            } finally {
                batch.clear();
            }
        }
        for (Unit<?> unit; (unit = queue.poll()) != null; ) unit.future.completeExceptionally(new IllegalStateException("the database is closed"));
    }

    private void commit(List<Unit<?>> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                runOnce(batch);
                commits.increment();
                units.add(batch.size());
                for (Unit<?> unit : batch) unit.complete();
                return;
            } catch (RuntimeException | Error e) {
                if (attempt < maxAttempts && e instanceof RuntimeException && Database.isTransient(e)) {
                    LOG.debug("retrying a group commit of {} units after a transient conflict (attempt {})", batch.size(), attempt);
                    Database.sleepBeforeRetry(attempt);
                    continue;
                }
                for (Unit<?> unit : batch) unit.future.completeExceptionally(e);
                return;
            }
        }
    }

    private void runOnce(List<Unit<?>> batch) {
        if (batch.size() == 1 || !lastFailed) {
            boolean failed = runBatch(batch, false);
            // A lone unit that failed was its own transaction, rolled back: that is its answer.
            if (!failed || batch.size() == 1) {
                lastFailed = failed;
                return;
            }
        }
        guarded.increment();
        lastFailed = runBatch(batch, true);
    }

    /**
     * Runs the batch in one transaction and answers whether a unit failed. With savepoints, each
     * unit runs in its own, a failing one is rolled back to it alone, and the rest is committed.
     * Without, the first unit to fail rolls back the whole transaction and nothing is committed
     * (for a lone unit, its answer; for a batch, the cue to run it again with savepoints).
     */
    private boolean runBatch(List<Unit<?>> batch, boolean savepoints) {
        try (Handle h = jdbi.open()) {
            h.begin();
            current.set(h);
            try {
                boolean failed = false;
                for (Unit<?> unit : batch) {
                    unit.run(h, savepoints);
                    if (unit.refused == null) continue;
                    failed = true;
                    if (!savepoints) {
                        h.rollback();
                        return true;
                    }
                }
                h.commit();
                return failed;
            } catch (RuntimeException | Error e) {
                try {
                    h.rollback();
                } catch (RuntimeException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                current.remove();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        writer.interrupt();
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One caller's unit of work, its outcome kept until the batch's commit decides it. */
    private static final class Unit<T> {
        private final HandleCallback<T, RuntimeException> callback;
        private final Map<String, String> context;
        private final CompletableFuture<T> future = new CompletableFuture<>();
        private T result;
        private RuntimeException refused;

        Unit(HandleCallback<T, RuntimeException> callback, Map<String, String> context) {
            this.callback = callback;
            this.context = context;
        }

        /**
         * Runs the unit: with {@code inSavepoint}, in its own savepoint ({@link Database#inSavepoint}),
         * so that its own exception rolls back what it wrote and is kept for its caller; without, its
         * exception kept for the caller, who then rolls back the whole transaction. A transient
         * conflict, or a savepoint that failed, fails the batch.
         */
        void run(Handle h, boolean inSavepoint) {
            result = null;
            refused = null;
            if (context != null) MDC.setContextMap(context);
            try {
                result = inSavepoint ? Database.inSavepoint(h, callback) : callback.withHandle(h);
            } catch (RuntimeException e) {
                if (Database.isTransient(e) || e instanceof Database.SavepointFailure) throw e;
                refused = e;
            } finally {
                MDC.clear();
            }
        }

        void complete() {
            if (refused != null) future.completeExceptionally(refused);
            else future.complete(result);
        }

        T await() {
            try {
                return future.join();
            } catch (java.util.concurrent.CompletionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) throw r;
                if (cause instanceof Error err) throw err;
                throw e;
            }
        }
    }
}
