package dev.contentpay.benchmarks;

import dev.contentpay.platform.http.HttpClients;
import dev.contentpay.platform.http.WebServer;
import io.javalin.Javalin;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one HTTP exchange between our parties costs in CPU, both ends in this JVM: 32 virtual
 * threads post 300 bytes of JSON, with an idempotency key and a {@code traceparent}, to a face
 * built by {@link WebServer} (its filters, meters and problem handling), and the face answers 300
 * bytes. The client is {@code jetty}, the one {@link HttpClients} starts for every party, or
 * {@code jdk}, the JDK's HttpClient with a virtual thread a task (the parties' client until
 * docs/DECISIONS.md, "Jetty's HTTP client between the parties"). Prints exchanges a second and the
 * process's CPU time an exchange over the measured window. Not JMH: the cost is spread over the
 * client's, the server's and the JVM's threads, so only the process's CPU time tells it.
 *
 * <pre>java -cp 'benchmarks/target/benchmarks.jar:benchmarks/target/lib/*' \
 *     dev.contentpay.benchmarks.ExchangeCost [jetty|jdk] [seconds to warm up and to measure, default 10]</pre>
 */
public final class ExchangeCost {

    private static final byte[] BODY = ("{\"orderId\":\"ord_" + "x".repeat(280) + "\"}").getBytes(StandardCharsets.UTF_8);
    private static final int CALLERS = 32;

    private ExchangeCost() {
    }

    public static void main(String[] args) throws Exception {
        String client = args.length > 0 ? args[0] : "jetty";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Exchange exchange = switch (client) {
            case "jetty" -> jetty();
            case "jdk" -> jdk();
            default -> throw new IllegalArgumentException("the client is jetty or jdk, not " + client);
        };
        Javalin face = WebServer.create("exchange-cost", () -> true, config -> { },
                routes -> routes.post("/echo", ctx -> ctx.contentType("application/json").result(BODY))).start("127.0.0.1", 0);
        URI uri = URI.create("http://127.0.0.1:" + face.port() + "/echo");
        var done = new LongAdder();
        var stop = new AtomicBoolean();
        var failure = new AtomicReference<Exception>();
        var callers = new ArrayList<Thread>();
        for (int i = 0; i < CALLERS; i++) {
            callers.add(Thread.ofVirtual().start(() -> {
                while (!stop.get()) {
                    try {
                        int status = exchange.post(uri, "k" + System.nanoTime());
                        if (status != 200) throw new IllegalStateException("answered " + status);
                        done.increment();
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                        stop.set(true);
                    }
                }
            }));
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Thread.sleep(seconds * 1000L);
        long cpu0 = os.getProcessCpuTime(), n0 = done.sum(), t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long cpu1 = os.getProcessCpuTime(), n1 = done.sum(), t1 = System.nanoTime();
        stop.set(true);
        for (Thread caller : callers) caller.join();
        face.stop();
        if (failure.get() != null) throw failure.get();
        System.out.printf("client %s: %.0f exchanges a second, %.1f µs of CPU an exchange%n",
                client, (n1 - n0) / ((t1 - t0) / 1e9), (cpu1 - cpu0) / 1e3 / (n1 - n0));
    }

    /** One POST of {@link #BODY} with the given idempotency key; the answer's status. */
    private interface Exchange {
        int post(URI uri, String idempotencyKey) throws Exception;
    }

    private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private static Exchange jetty() {
        var http = HttpClients.start("exchange-cost", Duration.ofSeconds(5), null);
        return (uri, key) -> http.newRequest(uri).method("POST").timeout(10, TimeUnit.SECONDS)
                .headers(h -> h.put("Idempotency-Key", key).put("traceparent", TRACEPARENT))
                .body(new org.eclipse.jetty.client.BytesRequestContent("application/json", BODY)).send().getStatus();
    }

    private static Exchange jdk() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        return (uri, key) -> http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).header("traceparent", TRACEPARENT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(BODY)).build(), HttpResponse.BodyHandlers.ofByteArray()).statusCode();
    }
}
