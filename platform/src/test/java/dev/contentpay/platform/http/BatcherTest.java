package dev.contentpay.platform.http;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The batcher behind judgements on the dedicated line: a caller alone is sent at once; callers who
 * arrive while the batches in flight are answered leave together in the next one; each hears its
 * own answer, a failure of the whole call reaches all, and a caller that waits past its time-out
 * is never sent.
 */
class BatcherTest {

    /** Records every batch it is given; answers each item with itself doubled, or refuses odd ones when asked. */
    static final class Sender implements Function<List<Integer>, List<Batcher.Answer<Integer>>> {
        final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        volatile CountDownLatch hold = new CountDownLatch(0);
        volatile CountDownLatch entered = new CountDownLatch(1);
        volatile boolean refuseOdd;
        volatile RuntimeException failAll;

        @Override
        public List<Batcher.Answer<Integer>> apply(List<Integer> items) {
            batches.add(List.copyOf(items));
            entered.countDown();
            try {
                hold.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (failAll != null) throw failAll;
            var answers = new ArrayList<Batcher.Answer<Integer>>();
            for (int i : items) {
                answers.add(refuseOdd && i % 2 == 1 ? Batcher.Answer.failed(new ContentpayException(ErrorCode.LIMIT_EXCEEDED))
                        : Batcher.Answer.of(i * 2));
            }
            return answers;
        }
    }

    final Sender sender = new Sender();
    final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

    Batcher<Integer, Integer> batcher(int maxBatch, int maxInFlight, Duration timeout) {
        return new Batcher<>("test-batch", sender, maxBatch, maxInFlight, timeout, ErrorCode.AUTH_UNAVAILABLE);
    }

    @Test
    void aCallerAloneIsSentAtOnceInABatchOfOne() {
        var batcher = batcher(100, 1, Duration.ofSeconds(5));

        assertThat(batcher.call(21)).isEqualTo(42);
        assertThat(batcher.call(4)).isEqualTo(8);
        assertThat(sender.batches).containsExactly(List.of(21), List.of(4));
    }

    @Test
    void callersArrivingWhileABatchIsOutLeaveTogetherInTheNextUpToTheLimit() throws Exception {
        var batcher = batcher(3, 1, Duration.ofSeconds(10));
        sender.hold = new CountDownLatch(1);
        Future<Integer> first = callers.submit(() -> batcher.call(0));
        assertThat(sender.entered.await(5, TimeUnit.SECONDS)).isTrue();
        var waiting = new ArrayList<Future<Integer>>();
        for (int i = 1; i <= 5; i++) {
            int item = i;
            waiting.add(callers.submit(() -> batcher.call(item)));
        }
        awaitQueued(batcher, 5);
        sender.hold.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS)).isZero();
        for (int i = 0; i < 5; i++) assertThat(waiting.get(i).get(5, TimeUnit.SECONDS)).isEqualTo((i + 1) * 2);
        assertThat(sender.batches).hasSize(3);
        assertThat(sender.batches.get(0)).containsExactly(0);
        assertThat(sender.batches.get(1)).hasSize(3);
        assertThat(sender.batches.get(2)).hasSize(2);
        assertThat(sender.batches.stream().flatMap(List::stream)).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
    }

    @Test
    void aBatchWeighsNoMoreThanItsLimitAndAnItemHeavierThanThatGoesAlone() throws Exception {
        var batcher = new Batcher<Integer, Integer>("test-batch", sender, 100, item -> item, 100, 1, Duration.ofSeconds(10),
                ErrorCode.AUTH_UNAVAILABLE);
        sender.hold = new CountDownLatch(1);
        Future<Integer> first = callers.submit(() -> batcher.call(1));
        assertThat(sender.entered.await(5, TimeUnit.SECONDS)).isTrue();
        var waiting = new ArrayList<Future<Integer>>();
        for (int item : new int[]{40, 40, 40, 150, 30}) {
            waiting.add(callers.submit(() -> batcher.call(item)));
            awaitQueued(batcher, waiting.size());
        }
        sender.hold.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(2);
        for (var w : waiting) w.get(5, TimeUnit.SECONDS);
        assertThat(sender.batches).containsExactly(List.of(1), List.of(40, 40), List.of(40), List.of(150), List.of(30));
    }

    @Test
    void eachCallerHearsItsOwnRefusalAndAFailureOfTheWholeCallReachesEveryone() throws Exception {
        var batcher = batcher(100, 1, Duration.ofSeconds(5));
        sender.refuseOdd = true;

        assertThat(batcher.call(2)).isEqualTo(4);
        assertThatThrownBy(() -> batcher.call(3)).isInstanceOfSatisfying(ContentpayException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED));

        sender.failAll = new ContentpayException(ErrorCode.AUTH_UNAVAILABLE, "the issuer is silent");
        sender.hold = new CountDownLatch(1);
        sender.entered = new CountDownLatch(1);
        var calls = new ArrayList<Future<Integer>>();
        calls.add(callers.submit(() -> batcher.call(10)));
        assertThat(sender.entered.await(5, TimeUnit.SECONDS)).isTrue();
        calls.add(callers.submit(() -> batcher.call(12)));
        calls.add(callers.submit(() -> batcher.call(14)));
        awaitQueued(batcher, 2);
        sender.hold.countDown();
        for (Future<Integer> call : calls) {
            assertThatThrownBy(call::get).cause().isInstanceOfSatisfying(ContentpayException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTH_UNAVAILABLE));
        }
    }

    @Test
    void aCallerStillQueuedAtItsTimeOutHearsUnavailableAndIsNeverSent() throws Exception {
        var batcher = batcher(100, 1, Duration.ofMillis(300));
        sender.hold = new CountDownLatch(1);
        Future<Integer> first = callers.submit(() -> batcher.call(1));
        assertThat(sender.entered.await(5, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> batcher.call(7)).isInstanceOfSatisfying(ContentpayException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTH_UNAVAILABLE));
        assertThatThrownBy(() -> first.get(5, TimeUnit.SECONDS)).cause().isInstanceOfSatisfying(ContentpayException.class,
                e -> assertThat(e.code()).as("the batch in flight outlived its caller too").isEqualTo(ErrorCode.AUTH_UNAVAILABLE));
        sender.hold.countDown();
        assertThat(batcher.call(8)).isEqualTo(16);
        assertThat(sender.batches).containsExactly(List.of(1), List.of(8));
    }

    /** Waits until {@code n} callers are queued behind the batch in flight. */
    private static void awaitQueued(Batcher<?, ?> batcher, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (batcher.queued() < n) {
            if (System.nanoTime() > deadline) throw new AssertionError("only " + batcher.queued() + " callers queued, not " + n);
            Thread.sleep(5);
        }
    }
}
