package dev.contentpay.harness.bench;

import dev.contentpay.app.Deployment;
import dev.contentpay.app.operator.OperatorClient;
import dev.contentpay.platform.crypto.PasswordHasher;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Json;
import dev.contentpay.protocol.CatalogItem;
import dev.contentpay.client.ContentpayClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code contentpay bench}: complete purchases as fast as N buyers can make them (closed loop), or
 * at a fixed arrival rate (open loop), against a running deployment or one started in this JVM
 * ({@code --self}, its servers' data in SQLite files or in fresh PostgreSQL databases); a progress
 * line every second, then throughput, refusals by code, latency percentiles of the purchase and of
 * each step, and the CPU a purchase costs. docs/BENCHMARKS.md tells how to read them.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Drive complete purchases (select, approve, judge, settle, deliver, notify) and measure them.",
                "Registers its own subscribers through auth's admin face, with one enrolled terminal each."})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--self", description = "start auth, settlement, shop and bureau in this JVM on free ports (a temporary data folder) and drive them")
    boolean self;

    @Option(names = "--database", defaultValue = "sqlite", paramLabel = "sqlite|postgres",
            description = "with --self: where the servers keep their data: sqlite (a file each in the data folder) or postgres "
                    + "(a fresh database each on --postgres-url, dropped afterwards) (default: ${DEFAULT-VALUE})")
    String database;

    @Option(names = "--postgres-url", defaultValue = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres", paramLabel = "URL",
            description = "with --database postgres: the PostgreSQL server, and a user on it that may create databases, as a JDBC URL "
                    + "(default: ${DEFAULT-VALUE})")
    String postgresUrl;

    @Option(names = "--target", split = ",", paramLabel = "NAME=URL",
            description = "the servers to drive, by name: shop, auth, auth-admin, settlement (default: the demo's, http://127.0.0.1:8083, 8081, 8092, 8082)")
    Map<String, URI> target = new LinkedHashMap<>();

    @Option(names = "--token-file", defaultValue = "data/keys/auth-admin.token",
            description = "auth's operator token file, to register the bench's subscribers (default: ${DEFAULT-VALUE}; ignored with --self)")
    Path tokenFile;

    @Option(names = "--data", description = "with --self: the data folder (default: a temporary folder, deleted afterwards)")
    Path data;

    @Option(names = "--buyers", defaultValue = "32", description = "closed loop: concurrent buyers, each buying again as soon as done (default: ${DEFAULT-VALUE})")
    int buyers;

    @Option(names = "--rate", defaultValue = "0", description = "open loop: purchases started per second, whatever the earlier ones do; latency counts from the scheduled start")
    double rate;

    @Option(names = "--max-in-flight", defaultValue = "4096", description = "open loop: at most this many purchases under way; arrivals beyond are counted as generator_saturated (default: ${DEFAULT-VALUE})")
    int maxInFlight;

    @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class, description = "how long to measure, after the warm-up (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "5s", converter = DurationConverter.class, description = "load before measuring, not counted (default: ${DEFAULT-VALUE})")
    Duration warmup;

    @Option(names = "--item", defaultValue = "wallpaper", description = "the catalog item every purchase buys (default: ${DEFAULT-VALUE}); keep it below the PIN amount")
    String item;

    @Option(names = "--subscribers", defaultValue = "16", description = "bench subscribers to register, each with a terminal; purchases go round them (default: ${DEFAULT-VALUE})")
    int subscribers;

    @Option(names = "--password-every-purchase", description = "approve with id and password each time (one Argon2id hash at auth per purchase) instead of the enrolled terminal")
    boolean passwordEveryPurchase;

    @Option(names = "--bureau-reference", defaultValue = "JB-40017",
            description = "the bureau record given to the bench subscribers (default: ${DEFAULT-VALUE}, the demo bureau's good record)")
    String bureauReference;

    @Option(names = "--rss-pid", description = "also watch this process's resident memory (with --self: this JVM's, always)")
    Long rssPid;

    @Option(names = "--jfr", paramLabel = "FILE", description = "record a Java Flight Recording (the 'profile' settings) of this JVM while measuring, after the warm-up, into FILE; "
                    + "it costs throughput (about a fifth with --self on two cores), so take figures from a run without it")
    Path jfr;

    @Option(names = "--json", description = "print the summary as JSON on standard output (progress goes to standard error)")
    boolean json;

    /** The addresses a run drives. */
    private record Targets(URI shop, URI auth, URI authAdmin, URI settlement, Path tokenFile) {
    }

    @Override
    public Integer call() throws Exception {
        if (buyers < 1 || subscribers < 1 || maxInFlight < 1 || rate < 0 || duration.isNegative() || duration.isZero() || warmup.isNegative()) {
            throw new ContentpayException(ErrorCode.VALIDATION_FAILED, "--buyers, --subscribers and --max-in-flight must be positive, --rate and --warmup not negative, --duration positive.");
        }
        String kind = database.trim().toLowerCase(Locale.ROOT);
        if (!kind.equals("sqlite") && !kind.equals("postgres")) {
            throw new ContentpayException(ErrorCode.VALIDATION_FAILED, "--database is sqlite or postgres, not " + database + ".");
        }
        if (kind.equals("postgres") && !self) {
            // A running deployment keeps its data where its own configuration says; the bench makes
            // databases only for the servers it starts itself.
            throw new ContentpayException(ErrorCode.VALIDATION_FAILED,
                    "--database postgres needs --self: against a running deployment the servers' own database.url decides.");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progress = json ? spec.commandLine().getErr() : out;
        if (!self) return run(targets(), rssPid, "the watched process", null, out, progress);
        boolean temporary = data == null;
        Path folder = temporary ? Files.createTempDirectory("contentpay-bench") : data;
        BenchDatabases databases = null;
        try {
            // Every purchase comes from this one address, far faster than any person: the servers'
            // per-address limits (a guard against guessing and floods) would refuse the bench, not measure it.
            var overrides = new LinkedHashMap<String, Map<String, String>>();
            for (String server : BenchDatabases.SERVERS) overrides.put(server, new LinkedHashMap<>(Map.of("rate-limit.per-minute", "1000000000")));
            if (kind.equals("postgres")) {
                databases = BenchDatabases.create(postgresUrl, progress);
                for (String server : BenchDatabases.SERVERS) overrides.get(server).put("database.url", databases.url(server));
                progress.println("bench: made the PostgreSQL databases " + databases.names() + "; they are dropped when the run ends");
            }
            try (var deployment = Deployment.start(folder, Deployment.Ports.free(), Clock.systemUTC(), overrides)) {
                progress.println("bench: started auth, settlement, shop and bureau in this JVM; data in "
                        + (databases == null ? folder : "PostgreSQL, keys in " + folder));
                var targets = new Targets(deployment.shop().url(), deployment.auth().url(), deployment.auth().adminUrl(),
                        deployment.settlement().url(), folder.resolve("keys/auth-admin.token"));
                return run(targets, ProcessHandle.current().pid(), "this JVM: the four servers and the load generator", kind, out, progress);
            }
        } finally {
            // After the servers have closed their connections; FORCE ends any left all the same.
            if (databases != null) databases.close();
            if (temporary) deleteQuietly(folder);
        }
    }

    private Targets targets() {
        for (String name : target.keySet()) {
            if (!java.util.Set.of("shop", "auth", "auth-admin", "settlement").contains(name)) {
                throw new ContentpayException(ErrorCode.VALIDATION_FAILED, "--target knows shop, auth, auth-admin and settlement, not " + name + ".");
            }
        }
        return new Targets(target.getOrDefault("shop", URI.create("http://127.0.0.1:8083")),
                target.getOrDefault("auth", URI.create("http://127.0.0.1:8081")),
                target.getOrDefault("auth-admin", URI.create("http://127.0.0.1:8092")),
                target.getOrDefault("settlement", URI.create("http://127.0.0.1:8082")), tokenFile);
    }

    private int run(Targets targets, Long pid, String process, String databaseKind, PrintWriter out, PrintWriter progress)
            throws InterruptedException {
        var client = new ContentpayClient(targets.auth());
        CatalogItem chosen = client.catalog(targets.shop()).items().stream().filter(i -> i.id().equals(item)).findFirst()
                .orElseThrow(() -> new ContentpayException(ErrorCode.UNKNOWN_ITEM, "The shop at " + targets.shop() + " sells no item " + item + "."));
        progress.printf(Locale.ROOT, "bench: registering %d subscribers%s at %s%n", subscribers, passwordEveryPurchase ? "" : " and enrolling their terminals",
                targets.authAdmin());
        progress.flush();
        var buyerSet = Buyers.register(new OperatorClient(targets.authAdmin(), targets.tokenFile()), client, subscribers,
                chosen.price().currency(), bureauReference, !passwordEveryPurchase);
        BenchReport.Hashing hashing = null;
        if (passwordEveryPurchase) {
            progress.println("bench: measuring the raw Argon2id rate at the default cost for 3 s");
            progress.flush();
            var cost = PasswordHasher.Cost.DEFAULT;
            double hashes = HashRate.measure(cost, Duration.ofSeconds(3));
            hashing = new BenchReport.Hashing(cost.memoryKiB(), cost.iterations(), Runtime.getRuntime().availableProcessors(), hashes, 0);
        }
        // The open loop climbs to its rate over the first half of the warm-up, and sheds what would
        // leave a backlog for the measured window (LoadGenerator.Plan).
        var plan = new LoadGenerator.Plan(buyers, rate, maxInFlight, passwordEveryPurchase, warmup.toNanos() / 2, warmup.toNanos());
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        var measurements = new Measurements(measureFrom);
        var generator = new LoadGenerator(client, targets.shop(), item, buyerSet, measurements);
        var watch = new ServerWatch(targets.settlement(), pid);
        var progressLine = new Progress(measurements, generator, watch, progress);

        progressLine.start(start, measureFrom);
        var recording = jfr == null ? null : FlightRecording.startAt(measureFrom, jfr);
        var cpu = ProcessCpu.startAt(measureFrom);
        var databaseServer = self && "postgres".equals(databaseKind) ? DatabaseServerCpu.postgresAt(measureFrom) : null;
        var commitsAtStart = new java.util.concurrent.atomic.AtomicReference<DatabaseCommits.Snapshot>();
        Thread.ofPlatform().daemon().name("bench-commits").start(() -> {
            java.util.concurrent.locks.LockSupport.parkNanos(measureFrom - System.nanoTime());
            commitsAtStart.set(DatabaseCommits.snapshot());
        });
        generator.run(plan, measureFrom + duration.toNanos());
        long finished = System.nanoTime();
        var commitsAtEnd = DatabaseCommits.snapshot();
        var used = cpu.sinceStart();
        double databaseMillis = databaseServer == null ? Double.NaN : databaseServer.millisSinceStart();
        // With a database server of its own, the whole system is this JVM and that server.
        double cpuMillis = used.cpuMillis() + (Double.isNaN(databaseMillis) ? 0 : databaseMillis);
        progressLine.stop();
        if (recording != null) recording.stop();
        measurements.interval();
        Duration drained = watch.awaitNoticesSent(Duration.ofSeconds(60));

        double seconds = (finished - measureFrom) / 1e9;
        var total = measurements.total();
        double throughput = total.getTotalCount() / seconds;
        if (hashing != null) {
            hashing = new BenchReport.Hashing(hashing.memoryKiB(), hashing.iterations(), hashing.threads(), hashing.hashesPerSecond(),
                    throughput / hashing.hashesPerSecond());
        }
        var errors = measurements.errors();
        var report = new BenchReport(plan.open() ? "open" : "closed", passwordEveryPurchase ? "password every purchase" : "terminal credentials",
                item, databaseKind, plan.open() ? null : buyers, plan.open() ? rate : null, warmup.toMillis() / 1000.0, seconds, total.getTotalCount(), throughput,
                errors.values().stream().mapToLong(Long::longValue).sum(), errors, BenchReport.Latency.of(total),
                plan.open() ? BenchReport.Latency.of(measurements.service()) : null, BenchReport.steps(measurements.steps()),
                watch.watchesNotices() ? new BenchReport.Notices(watch.maxPending(), watch.maxOldestSeconds(),
                        drained == null ? null : drained.toMillis() / 1000.0) : null,
                pid == null || watch.maxRssBytes() < 0 ? null : new BenchReport.Memory(process, pid, watch.maxRssBytes()), hashing,
                total.getTotalCount() == 0 ? null : new BenchReport.Cpu(!self ? "the load generator only" : databaseServer == null
                        ? "this JVM: the four servers and the load generator"
                        : "this JVM (the four servers and the load generator) and the PostgreSQL server's processes",
                        Runtime.getRuntime().availableProcessors(), cpuMillis / total.getTotalCount(),
                        cpuMillis / 1000.0 / seconds / Runtime.getRuntime().availableProcessors(),
                        perPurchase(used.jitMillis(), total.getTotalCount()), perPurchase(used.gcMillis(), total.getTotalCount()),
                        perPurchase(databaseMillis, total.getTotalCount()), perPurchase(used.compilerCpuMillis(), total.getTotalCount()),
                        perPurchase(cpuMillis - used.compilerCpuMillis(), total.getTotalCount())),
                self && commitsAtStart.get() != null ? DatabaseCommits.between(commitsAtStart.get(), commitsAtEnd, total.getTotalCount(), seconds) : null);
        if (json) {
            out.println(new String(Json.write(report), java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
        } else {
            report.print(out);
        }
        return total.getTotalCount() > 0 ? 0 : 1;
    }

    /** Milliseconds a purchase, or null when the JVM could not say (NaN), so that the JSON leaves it out. */
    private static Double perPurchase(double millis, long purchases) {
        return Double.isNaN(millis) || purchases == 0 ? null : millis / purchases;
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind is harmless.
        }
    }

    /** {@code 30s}, {@code 500ms}, {@code 2m}, or an ISO-8601 duration such as {@code PT30S}. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            if (v.startsWith("pt")) return Duration.parse(value.trim());
            if (v.endsWith("ms")) return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            if (v.endsWith("s")) return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            if (v.endsWith("m")) return Duration.ofSeconds(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60));
            return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
        }
    }
}
