package dev.contentpay.platform.http;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * Every JDK {@link HttpClient} a server or a terminal of ours makes to call another party: HTTP/1.1,
 * a connect time-out, and the executor its dependent work runs on.
 *
 * <p>By default that executor starts a virtual thread a task ({@code virtual}) instead of handing
 * each task to the JDK's cached pool of platform threads: a task then waits for no platform thread
 * to wake, and a loopback exchange (32 callers posting 300 bytes to a face of ours, both ends in one
 * JVM) cost 207 to 214 µs of CPU against 364 to 375 µs with the pool (docs/BENCHMARKS.md, "The HTTP
 * client's executor"). Running the tasks on the selector thread itself ({@code direct}) was cheaper
 * still when it went well, but stalled every exchange of the client now and then (a closed loop fell
 * to 95 purchases a second with the cores idle), so it is not offered. The system property
 * {@value #PROPERTY} chooses: {@code virtual} (default) or {@code pool} (the JDK's own).
 */
public final class HttpClients {

    /** The system property that chooses the executor: {@code virtual} (default) or {@code pool}. */
    public static final String PROPERTY = "contentpay.http.executor";

    private HttpClients() {
    }

    /** A builder for HTTP/1.1 with {@code connectTimeout} and the chosen executor. */
    public static HttpClient.Builder builder(Duration connectTimeout) {
        var builder = HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1);
        Executor executor = executor(System.getProperty(PROPERTY, "virtual"));
        if (executor != null) builder.executor(executor);
        return builder;
    }

    /** The executor named {@code name}; null for the JDK's own. */
    static Executor executor(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "virtual" -> Executors.newVirtualThreadPerTaskExecutor();
            case "pool" -> null;
            default -> throw new IllegalArgumentException(PROPERTY + " must be virtual or pool, not " + name);
        };
    }
}
