package dev.contentpay.platform.error;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Runs an action from several threads released at once and says how each run ended, for tests of
 * races that one conditional statement must decide: of refunds racing over what remains, exactly
 * one may be made.
 */
public final class Races {

    private Races() {
    }

    /** The code each run was refused with, in the order they were started; null for a run that succeeded. */
    public static List<ErrorCode> outcomes(int runs, IntConsumer action) throws Exception {
        var gate = new CountDownLatch(1);
        List<Future<ErrorCode>> started = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(runs)) {
            for (int i = 0; i < runs; i++) {
                int run = i;
                started.add(pool.submit(() -> {
                    gate.await();
                    try {
                        action.accept(run);
                        return null;
                    } catch (ContentpayException e) {
                        return e.code();
                    }
                }));
            }
            gate.countDown();
        }
        List<ErrorCode> outcomes = new ArrayList<>();
        for (var run : started) outcomes.add(run.get());
        return outcomes;
    }
}
