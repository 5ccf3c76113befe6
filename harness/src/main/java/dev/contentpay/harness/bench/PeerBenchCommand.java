package dev.contentpay.harness.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Json;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code contentpay bench-peer}: the peer a purchase is measured against. A general-purpose
 * identity server's cheapest useful exchange, an OAuth 2.0 client-credentials token
 * (RFC 6749 §4.4) followed by its introspection (RFC 7662), driven in a closed loop by the same
 * number of concurrent callers, warm-up and duration as {@code contentpay bench}, over the same JDK
 * HTTP client. The pair is what a purchase must at least do: one party gets a token, another has
 * the issuer judge it. Reports pairs a second, latency percentiles of the pair, and the CPU the
 * peer's process spent on each pair (read from {@code /proc}), so the two are compared on rate and
 * on cost.
 */
@Command(name = "bench-peer", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Drive OAuth 2.0 client-credentials token + RFC 7662 introspection pairs against an identity server (Keycloak in scripts/bench) and measure them."})
public final class PeerBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--token-url", required = true, description = "the token endpoint, e.g. http://127.0.0.1:18080/realms/bench/protocol/openid-connect/token")
    URI tokenUrl;

    @Option(names = "--introspection-url", required = true, description = "the RFC 7662 introspection endpoint")
    URI introspectionUrl;

    @Option(names = "--client-id", required = true, description = "the confidential client's id")
    String clientId;

    @Option(names = "--client-secret-file", required = true, description = "a file holding the client's secret (never on the command line)")
    Path clientSecretFile;

    @Option(names = "--buyers", defaultValue = "32", description = "concurrent callers, each starting its next pair as soon as one is done (default: ${DEFAULT-VALUE})")
    int buyers;

    @Option(names = "--duration", defaultValue = "30s", converter = BenchCommand.DurationConverter.class, description = "how long to measure, after the warm-up (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "5s", converter = BenchCommand.DurationConverter.class, description = "load before measuring, not counted (default: ${DEFAULT-VALUE})")
    Duration warmup;

    @Option(names = "--pid", description = "the peer's process id, to report its CPU time and resident memory (Linux /proc)")
    Long pid;

    @Option(names = "--json", description = "print the summary as JSON on standard output")
    boolean json;

    /** What one run measured. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Report(String peer, int buyers, double warmupSeconds, double seconds, long pairs, double pairsPerSecond, long failed,
                  Map<String, Long> errors, BenchReport.Latency latency, Double peerCpuMillisPerPair, Double generatorCpuMillisPerPair,
                  Long peerMaxRssBytes) {
    }

    @Override
    public Integer call() throws Exception {
        if (buyers < 1 || duration.isNegative() || duration.isZero() || warmup.isNegative()) {
            throw new ContentpayException(ErrorCode.VALIDATION_FAILED, "--buyers and --duration must be positive, --warmup not negative.");
        }
        String secret = Files.readString(clientSecretFile, StandardCharsets.UTF_8).strip();
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (form(clientId) + ":" + form(secret)).getBytes(StandardCharsets.UTF_8));
        // The same HTTP client, started alike, as the purchases' load generator uses: same generator settings.
        var http = dev.contentpay.platform.http.HttpClients.start("peer-generator", Duration.ofSeconds(5), null);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progress = spec.commandLine().getErr();

        var recorder = new Recorder(3);
        var errors = new ConcurrentHashMap<String, LongAdder>();
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + duration.toNanos();
        var measuredPeerCpu = new AtomicLong(-1);
        var peakRss = new AtomicLong(-1);
        var threads = new ArrayList<Thread>();
        for (int i = 0; i < buyers; i++) {
            threads.add(Thread.ofVirtual().name("peer-" + i).start(() -> {
                for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
                    String failure = pair(http, basic);
                    long done = System.nanoTime();
                    if (now < measureFrom) continue;
                    if (failure == null) recorder.recordValue(Math.max(1, (done - now) / 1_000));
                    else errors.computeIfAbsent(failure, k -> new LongAdder()).increment();
                }
            }));
        }
        var watcher = Thread.ofPlatform().daemon().name("peer-watch").start(() -> {
            try {
                Thread.sleep(Duration.ofNanos(Math.max(0, measureFrom - System.nanoTime())));
                measuredPeerCpu.set(pid == null ? -1 : cpuMillis(pid));
                while (!Thread.currentThread().isInterrupted()) {
                    if (pid != null) peakRss.accumulateAndGet(rssBytes(pid), Math::max);
                    progress.printf(Locale.ROOT, "bench-peer: %.0f s measured%n", (System.nanoTime() - measureFrom) / 1e9);
                    progress.flush();
                    Thread.sleep(1000);
                }
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        var generatorCpu = ProcessCpu.startAt(measureFrom);
        for (Thread t : threads) t.join();
        long finished = System.nanoTime();
        long peerCpuEnd = pid == null ? -1 : cpuMillis(pid);
        double generatorMillis = generatorCpu.millisSinceStart();
        watcher.interrupt();

        Histogram total = recorder.getIntervalHistogram();
        double seconds = (finished - measureFrom) / 1e9;
        long pairs = total.getTotalCount();
        var errorCounts = new java.util.TreeMap<String, Long>();
        errors.forEach((k, v) -> errorCounts.put(k, v.sum()));
        long failed = errorCounts.values().stream().mapToLong(Long::longValue).sum();
        Double peerPerPair = pairs == 0 || measuredPeerCpu.get() < 0 || peerCpuEnd < 0 ? null
                : (double) (peerCpuEnd - measuredPeerCpu.get()) / pairs;
        var report = new Report("OAuth 2.0 client credentials + RFC 7662 introspection at " + tokenUrl.getAuthority(), buyers,
                warmup.toMillis() / 1000.0, seconds, pairs, pairs / seconds, failed, errorCounts, BenchReport.Latency.of(total),
                peerPerPair, pairs == 0 ? null : generatorMillis / pairs, peakRss.get() < 0 ? null : peakRss.get());
        if (json) {
            out.println(new String(Json.write(report), StandardCharsets.UTF_8));
        } else {
            out.printf(Locale.ROOT, "%d pairs in %.1f s: %.1f pairs/s, %d failed; p50 %.2f ms, p99 %.2f ms; peer CPU a pair %s ms%n",
                    pairs, seconds, report.pairsPerSecond(), failed, report.latency().p50(), report.latency().p99(),
                    peerPerPair == null ? "?" : String.format(Locale.ROOT, "%.2f", peerPerPair));
        }
        out.flush();
        return pairs > 0 ? 0 : 1;
    }

    /** One token, then its introspection; null when both worked and the token came back active, else why not. */
    private String pair(HttpClient http, String basic) {
        try {
            var token = post(http, tokenUrl, basic, "grant_type=client_credentials");
            if (token.getStatus() != 200) return "token_http_" + token.getStatus();
            var accessToken = Json.MAPPER.readTree(token.getContent()).path("access_token").asText("");
            if (accessToken.isEmpty()) return "token_without_access_token";
            var check = post(http, introspectionUrl, basic, "token=" + form(accessToken));
            if (check.getStatus() != 200) return "introspection_http_" + check.getStatus();
            return Json.MAPPER.readTree(check.getContent()).path("active").asBoolean(false) ? null : "introspection_inactive";
        } catch (IOException | ExecutionException e) {
            return "io_" + (e.getCause() == null ? e : e.getCause()).getClass().getSimpleName();
        } catch (TimeoutException e) {
            return "io_timeout";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static ContentResponse post(HttpClient http, URI uri, String basic, String body)
            throws InterruptedException, TimeoutException, ExecutionException {
        return http.newRequest(uri).method("POST").timeout(30, TimeUnit.SECONDS)
                .headers(h -> h.put("Authorization", basic))
                .body(new StringRequestContent("application/x-www-form-urlencoded", body, StandardCharsets.UTF_8)).send();
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** User plus system CPU of a process and its threads, in milliseconds, from /proc/PID/stat; -1 when unreadable. */
    static long cpuMillis(long pid) {
        try {
            return ProcStat.read(Path.of("/proc", Long.toString(pid), "stat")).cpuMillis();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        } catch (IOException | RuntimeException ignored) {
            // the process is gone or not on Linux: no figure
        }
        return -1;
    }
}
