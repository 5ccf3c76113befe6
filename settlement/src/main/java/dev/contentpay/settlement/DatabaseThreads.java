package dev.contentpay.settlement;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Platform threads for the work that writes to the settlement database. SQLite lets one writer in
 * at a time and makes the others wait inside native code (busy_timeout); a virtual thread waiting
 * in native code pins its carrier, and with as many waiting writers as carriers (two on a
 * two-core machine) the writer that holds the lock can find no carrier to finish on: every
 * virtual thread of the JVM stalls until the busy time-out expires. We measured such stalls of 30
 * seconds and more under fifty concurrent presentations. Running the writing requests and the
 * background workers on platform threads keeps the waiting out of the carriers; the request's
 * own virtual thread waits for the result unmounted. (The platform's Database could serialize
 * SQLite writers itself; until it does, settlement protects itself here.)
 */
public final class DatabaseThreads implements AutoCloseable {

    private final ExecutorService pool;

    public DatabaseThreads(int threads) {
        var counter = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> Thread.ofPlatform().daemon().name("settlement-db-" + counter.incrementAndGet()).unstarted(r));
    }

    /** Runs {@code work} on a platform thread and waits for it; its exceptions are thrown here as they were thrown there. */
    public <T> T call(Supplier<T> work) {
        // The request's logging context (its trace id) goes with it to the platform thread.
        var context = org.slf4j.MDC.getCopyOfContextMap();
        Future<T> result = pool.submit(() -> {
            if (context != null) org.slf4j.MDC.setContextMap(context);
            try {
                return work.get();
            } finally {
                org.slf4j.MDC.clear();
            }
        });
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new ContentpayException(ErrorCode.INTERNAL_ERROR, "The request was interrupted.", e);
        }
    }

    private static RuntimeException rethrown(Throwable cause) {
        if (cause instanceof RuntimeException runtime) return runtime;
        if (cause instanceof Error error) throw error;
        return new CompletionException(cause);
    }

    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) pool.shutdownNow();
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
