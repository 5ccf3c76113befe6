package dev.contentpay.benchmarks;

import dev.contentpay.platform.http.HttpClients;
import dev.contentpay.platform.http.WebServer;
import io.javalin.Javalin;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one HTTP exchange between our parties costs in CPU, both ends in this JVM: 32 virtual
 * threads post 300 bytes of JSON, with an idempotency key and a {@code traceparent}, to a face
 * built by {@link WebServer} (its filters, meters and problem handling) through the JDK HttpClient
 * that {@link HttpClients} builds, and the face answers 300 bytes. Prints exchanges a second and the
 * process's CPU time an exchange over the measured window. Not JMH: the cost is spread over the
 * client's, the server's and the JVM's threads, so only the process's CPU time tells it.
 *
 * <pre>java -cp 'benchmarks/target/benchmarks.jar:benchmarks/target/lib/*' -Dcontentpay.http.executor=virtual \
 *     dev.contentpay.benchmarks.ExchangeCost [seconds to warm up and to measure, default 10]</pre>
 */
public final class ExchangeCost {

    private static final byte[] BODY = ("{\"orderId\":\"ord_" + "x".repeat(280) + "\"}").getBytes(StandardCharsets.UTF_8);
    private static final int CALLERS = 32;

    private ExchangeCost() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Javalin face = WebServer.create("exchange-cost", () -> true, config -> { },
                routes -> routes.post("/echo", ctx -> ctx.contentType("application/json").result(BODY))).start("127.0.0.1", 0);
        HttpClient http = HttpClients.builder(Duration.ofSeconds(5)).build();
        URI uri = URI.create("http://127.0.0.1:" + face.port() + "/echo");
        var done = new LongAdder();
        var stop = new AtomicBoolean();
        var failure = new AtomicReference<Exception>();
        var callers = new ArrayList<Thread>();
        for (int i = 0; i < CALLERS; i++) {
            callers.add(Thread.ofVirtual().start(() -> {
                while (!stop.get()) {
                    try {
                        var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                                .header("Idempotency-Key", "k" + System.nanoTime())
                                .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(BODY)).build();
                        var response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        if (response.statusCode() != 200) throw new IllegalStateException("answered " + response.statusCode());
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
        System.out.printf("executor %s: %.0f exchanges a second, %.1f µs of CPU an exchange%n",
                System.getProperty(HttpClients.PROPERTY, "virtual"), (n1 - n0) / ((t1 - t0) / 1e9), (cpu1 - cpu0) / 1e3 / (n1 - n0));
    }
}
