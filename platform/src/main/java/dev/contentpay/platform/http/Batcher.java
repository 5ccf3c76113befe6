package dev.contentpay.platform.http;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Calls from many threads, sent to another server together: each caller hands in its item and
 * waits for its own answer, while at most {@code maxInFlight} batches of up to {@code maxBatch}
 * items travel at once. A batch leaves as soon as a slot is free, with every item waiting then (no
 * timer): one caller alone is sent at once, as a batch of one, and under load the batches grow by
 * themselves, to about the number of callers that arrive while one batch is answered.
 *
 * <p>The sender answers each item of a batch on its own, with a value or an exception; an
 * exception thrown by the sender itself (silence, a refusal of the whole call) is every item's.
 * A caller waits at most {@code timeout} from handing its item in: an item still queued then is
 * taken out and never sent; one already sent is left to its batch, and the caller hears
 * {@code unavailable} either way, as it would from a call of its own that timed out.
 *
 * <p>Callers wait without a timer of their own: a virtual thread's timed wait schedules a task on
 * the JDK's delay scheduler and cancels it after, waking that scheduler's thread twice a call
 * (about 3 % of a purchase's CPU in the profile). Instead every item is kept, in the order it came
 * (which, all timeouts being equal, is the order of its deadline), and one check on a shared thread
 * at the oldest item's deadline fails the items whose time is up, then sets itself for the next.
 */
public final class Batcher<I, O> {

    /** One item's answer from the sender: a value, or the exception its caller gets. */
    public record Answer<O>(O value, RuntimeException failure) {
        public static <O> Answer<O> of(O value) {
            return new Answer<>(value, null);
        }

        public static <O> Answer<O> failed(RuntimeException failure) {
            return new Answer<>(null, failure);
        }
    }

    private record Pending<I, O>(I item, CompletableFuture<O> answer, long deadline) {
    }

    /** What an item whose time ran out is failed with; {@link #await} turns it into the caller's refusal. */
    private static final class TimedOut extends RuntimeException {
        TimedOut() {
            super("no answer in time", null, false, false);
        }
    }

    /** One thread for every batcher's deadline checks: a check only fails futures and sets the next. */
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("batcher-deadlines").factory());

    private final String name;
    private final Function<List<I>, List<Answer<O>>> sender;
    private final int maxBatch;
    private final java.util.function.ToLongFunction<I> weight;
    private final long maxWeight;
    private final int maxInFlight;
    private final Duration timeout;
    private final ErrorCode unavailable;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Pending<I, O>> queue = new ArrayDeque<>();
    /** Every item not yet known to be answered, oldest (so earliest deadline) first; under the lock. */
    private final ArrayDeque<Pending<I, O>> outstanding = new ArrayDeque<>();
    private boolean checkSet;
    private int inFlight;

    /**
     * @param sender answers a batch of 1 to {@code maxBatch} items, one answer an item, in order
     */
    public Batcher(String name, Function<List<I>, List<Answer<O>>> sender, int maxBatch, int maxInFlight, Duration timeout,
                   ErrorCode unavailable) {
        this(name, sender, maxBatch, item -> 0, 0, maxInFlight, timeout, unavailable);
    }

    /**
     * A batcher whose batches also weigh at most {@code maxWeight} (the bytes of a request body the
     * receiver accepts, say), each item weighing {@code weight}; an item heavier than that alone is
     * still sent, alone.
     */
    public Batcher(String name, Function<List<I>, List<Answer<O>>> sender, int maxBatch, java.util.function.ToLongFunction<I> weight,
                   long maxWeight, int maxInFlight, Duration timeout, ErrorCode unavailable) {
        if (maxBatch < 1 || maxInFlight < 1) throw new IllegalArgumentException("maxBatch and maxInFlight must be positive");
        this.name = name;
        this.sender = sender;
        this.maxBatch = maxBatch;
        this.weight = weight;
        this.maxWeight = maxWeight;
        this.maxInFlight = maxInFlight;
        this.timeout = timeout;
        this.unavailable = unavailable;
    }

    /** Sends {@code item} in the next batch and returns its answer, or throws its failure. */
    public O call(I item) {
        var pending = new Pending<I, O>(item, new CompletableFuture<>(), System.nanoTime() + timeout.toNanos());
        List<Pending<I, O>> batch = null;
        lock.lock();
        try {
            queue.add(pending);
            // Answers come back about in the order items came, so this keeps the list near the number in flight.
            while (!outstanding.isEmpty() && outstanding.peek().answer().isDone()) outstanding.poll();
            outstanding.add(pending);
            if (!checkSet) setCheck(pending.deadline());
            if (inFlight < maxInFlight) {
                inFlight++;
                batch = take();
            }
        } finally {
            lock.unlock();
        }
        if (batch != null) {
            List<Pending<I, O>> first = batch;
            Thread.ofVirtual().name(name).start(() -> sendUntilEmpty(first));
        }
        return await(pending);
    }

    private O await(Pending<I, O> pending) {
        try {
            return pending.answer().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimedOut) {
                throw new ContentpayException(unavailable, "No answer within " + timeout.toMillis() + " ms.", e.getCause());
            }
            if (e.getCause() instanceof RuntimeException failure) throw rethrown(failure);
            throw new ContentpayException(unavailable, unavailable.title(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContentpayException(unavailable, unavailable.title(), e);
        }
    }

    /** Sets the next deadline check; called holding the lock. */
    private void setCheck(long deadline) {
        checkSet = true;
        DEADLINES.schedule(this::checkDeadlines, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /**
     * Forgets the answered items at the head, fails those whose deadline passed (taking them out of
     * the queue if still there, so they are never sent), and sets the check for the oldest left.
     */
    private void checkDeadlines() {
        lock.lock();
        try {
            checkSet = false;
            long now = System.nanoTime();
            for (Pending<I, O> head; (head = outstanding.peek()) != null; outstanding.poll()) {
                if (head.answer().isDone()) continue;
                if (head.deadline() - now > 0) break;
                queue.remove(head);
                head.answer().completeExceptionally(new TimedOut());
            }
            if (!outstanding.isEmpty()) setCheck(outstanding.peek().deadline());
        } finally {
            lock.unlock();
        }
    }

    /** The failure as the caller's own: a fresh exception of the same code, so its stack is the caller's. */
    private static RuntimeException rethrown(RuntimeException failure) {
        if (failure instanceof ContentpayException e) {
            return new ContentpayException(e.code(), e.detail(), e.errors(), e);
        }
        return failure;
    }

    /** How many callers wait for a slot now. */
    public int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Up to {@code maxBatch} items (and {@code maxWeight}, when set) from the head of the queue, at least one; called holding the lock. */
    private List<Pending<I, O>> take() {
        var batch = new ArrayList<Pending<I, O>>(Math.min(queue.size(), maxBatch));
        long weighed = 0;
        while (batch.size() < maxBatch && !queue.isEmpty()) {
            long next = maxWeight > 0 ? weight.applyAsLong(queue.peek().item()) : 0;
            if (!batch.isEmpty() && weighed + next > maxWeight) break;
            weighed += next;
            batch.add(queue.poll());
        }
        return batch;
    }

    /** Sends the batch, then whatever queued meanwhile, until nothing waits; then frees the slot. */
    private void sendUntilEmpty(List<Pending<I, O>> batch) {
        while (batch != null) {
            send(batch);
            lock.lock();
            try {
                if (queue.isEmpty()) {
                    inFlight--;
                    batch = null;
                } else {
                    batch = take();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private void send(List<Pending<I, O>> batch) {
        List<Answer<O>> answers;
        try {
            answers = sender.apply(batch.stream().map(Pending::item).toList());
            if (answers.size() != batch.size()) {
                throw new ContentpayException(unavailable, "The answer held " + answers.size() + " results for " + batch.size() + " items.");
            }
        } catch (RuntimeException | Error e) {
            for (Pending<I, O> p : batch) p.answer().completeExceptionally(e);
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            Answer<O> a = answers.get(i);
            if (a.failure() != null) batch.get(i).answer().completeExceptionally(a.failure());
            else batch.get(i).answer().complete(a.value());
        }
    }
}
