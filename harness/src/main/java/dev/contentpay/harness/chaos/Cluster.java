package dev.contentpay.harness.chaos;

import dev.contentpay.app.Deployment;
import dev.contentpay.app.Main;
import dev.contentpay.platform.crypto.KeyRing;
import dev.contentpay.settlement.fault.FaultPoints;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The four servers as separate operating-system processes ({@code contentpay serve SERVER
 * --config FILE}, each its own JVM) in one folder, wired to each other on free ports, which the
 * harness kills with SIGKILL ({@link Process#destroyForcibly()} on Linux) and starts again on the
 * same database. Each server's output is appended to {@code logs/SERVER.log} in the folder.
 */
final class Cluster implements AutoCloseable {

    enum Server { bureau, auth, shop, settlement }

    /** Where the servers listen. */
    private final Deployment.Ports ports = Deployment.Ports.free();
    private final Path dir;
    private final Map<Server, Map<String, String>> extra;
    private final Map<Server, Child> children = new EnumMap<>(Server.class);
    private final Path classArchives;
    private final boolean quickStart;
    private static final Set<Child> ALL = ConcurrentHashMap.newKeySet();
    private static final Duration READY_WITHIN = Duration.ofSeconds(90);

    static {
        // Whatever ends the harness, no server it started outlives it.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ALL.forEach(c -> c.process.destroyForcibly()), "chaos-cleanup"));
    }

    /**
     * Makes the keys and configuration in {@code dir} and starts the four servers. {@code extra}
     * adds settings per server (time-outs shortened for the harness); settlement is set to hang at
     * {@code pauseAt} unless it is null. The servers' class-data archives are kept in
     * {@code classArchives} across clusters (null for none). Servers killed every few seconds, or
     * raced for a few seconds, start faster on the first compiler alone ({@code quickStart});
     * servers raced for minutes run faster with the optimising one.
     */
    static Cluster start(Path dir, Map<Server, Map<String, String>> extra, FaultPoints.Point pauseAt, Path classArchives, boolean quickStart) {
        var cluster = new Cluster(dir, extra, classArchives, quickStart);
        try {
            cluster.prepare();
            // Started side by side: none needs another to start, and a JVM takes seconds to be ready.
            for (Server s : Server.values()) cluster.launch(s, s == Server.settlement ? pauseAt : null);
            for (Server s : Server.values()) cluster.children.get(s).await(s + " ready", READY_WITHIN);
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** The databases a run left in {@code dir}, to be read only: no server is started. */
    static Cluster at(Path dir) {
        return new Cluster(dir, Map.of(), null, true);
    }

    private Cluster(Path dir, Map<Server, Map<String, String>> extra, Path classArchives, boolean quickStart) {
        this.quickStart = quickStart;
        this.dir = dir;
        this.extra = extra;
        this.classArchives = classArchives;
    }

    private void prepare() {
        Path keys = dir.resolve("keys");
        // Read as key rings, so the public sets keep every key not yet retired (docs/SECURITY.md, keys).
        for (String[] key : new String[][]{{"auth", Deployment.ISSUER_ID + "-1"}, {"shop", Deployment.MERCHANT_ID + "-shop-1"},
                {"settlement", Deployment.MERCHANT_ID + "-settlement-1"}}) {
            KeyRing.loadOrCreate(keys.resolve(key[0] + ".jwk"), key[1], keys.resolve(key[0] + ".public.jwks"), KeyRing.DEFAULT_RETIRE_AFTER,
                    java.time.Clock.systemUTC());
        }
        try {
            Files.createDirectories(dir.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The settings of one server: ports and databases, then what the harness adds. */
    private Map<String, String> settings(Server server, FaultPoints.Point pauseAt) {
        String host = "http://127.0.0.1:";
        var s = new LinkedHashMap<String, String>();
        s.put("database.url", "jdbc:sqlite:data/" + server + ".db");
        switch (server) {
            case bureau -> s.put("http.port", "" + ports.bureau());
            case auth -> {
                s.put("http.port", "" + ports.auth());
                s.put("merchant.port", "" + ports.authMerchant());
                s.put("admin.port", "" + ports.authAdmin());
                s.put("merchants", Deployment.MERCHANT_ID);
                s.put("merchant." + Deployment.MERCHANT_ID + ".name", Deployment.MERCHANT_NAME);
                s.put("merchant." + Deployment.MERCHANT_ID + ".seal-keys-file", "keys/shop.public.jwks");
                s.put("merchant." + Deployment.MERCHANT_ID + ".assertion-keys-file", "keys/settlement.public.jwks");
                s.put("merchant." + Deployment.MERCHANT_ID + ".settlement-url", host + ports.settlement());
                s.put("bureau.url", host + ports.bureau());
                // The harness buys far faster than any person, from one address, and what it tests is
                // not the cost of guessing passwords: Argon2id is made cheap.
                s.put("rate-limit.per-minute", "100000000");
                s.put("password.memory-kib", "1024");
                s.put("password.iterations", "1");
            }
            case shop -> {
                s.put("http.port", "" + ports.shop());
                s.put("settlement.url", host + ports.settlement());
            }
            case settlement -> {
                s.put("http.port", "" + ports.settlement());
                s.put("auth.merchant-url", host + ports.authMerchant());
                s.put("shop.url", host + ports.shop());
                if (pauseAt != null) s.put("fault.pause-at", pauseAt.setting());
            }
        }
        // Every server is driven from one address far faster than any person.
        s.putIfAbsent("rate-limit.per-minute", "100000000");
        s.putAll(extra.getOrDefault(server, Map.of()));
        return s;
    }

    /** Starts {@code server} (again), settlement optionally set to hang at {@code pauseAt}, and waits until it is ready. */
    void start(Server server, FaultPoints.Point pauseAt) {
        launch(server, pauseAt);
        children.get(server).await(server + " ready", READY_WITHIN);
    }

    private void launch(Server server, FaultPoints.Point pauseAt) {
        Path config = dir.resolve(server + ".properties");
        try {
            Files.write(config, settings(server, pauseAt).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        children.put(server, new Child(server, process(server, config)));
    }

    private Process process(Server server, Path config) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Run as "java -jar harness/target/contentpay-harness.jar" the class path is that one jar, relative to
        // where it was started: made absolute, it still reaches the app jar and every library through the
        // jar's manifest Class-Path (lib/...), which the JVM follows for -cp as for -jar.
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(p -> Path.of(p).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
        try {
            var command = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED"));
            command.addAll(quickStart ? List.of("-Xmx192m", "-XX:TieredStopAtLevel=1") : List.of("-Xmx384m"));
            if (classArchives != null) {
                // Each server's classes, archived when it first ends gracefully, load far faster on every later start.
                command.add("-XX:+AutoCreateSharedArchive");
                command.add("-XX:SharedArchiveFile=" + classArchives.resolve(server + ".jsa"));
            }
            command.addAll(List.of("-cp", classPath, Main.class.getName(), "serve", server.name(), "--config", config.toString()));
            return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + server, e);
        }
    }

    /** kill -9: the server gets no chance to finish anything. */
    void kill(Server server) {
        children.get(server).kill();
    }

    /** Waits until settlement, started with a pause point, has stopped there; false if no purchase reached it in time. */
    boolean awaitPaused(FaultPoints.Point point, Duration atMost) {
        return children.get(Server.settlement).poll(FaultPoints.MARKER + point.setting(), atMost);
    }

    URI auth() {
        return URI.create("http://127.0.0.1:" + ports.auth());
    }

    URI authAdmin() {
        return URI.create("http://127.0.0.1:" + ports.authAdmin());
    }

    URI shop() {
        return URI.create("http://127.0.0.1:" + ports.shop());
    }

    URI settlement() {
        return URI.create("http://127.0.0.1:" + ports.settlement());
    }

    Path dir() {
        return dir;
    }

    /** Runs a query on one server's SQLite file directly, as an auditor holding the file would. */
    List<List<String>> rows(Server database, String sql) {
        return ServerFiles.rows(dir.resolve("data").resolve(database + ".db"), sql);
    }

    /** One number from a query. */
    long number(Server database, String sql) {
        String v = rows(database, sql).get(0).get(0);
        return v == null ? 0 : Long.parseLong(v);
    }

    /** A graceful stop of every server (SIGTERM), settlement first. */
    @Override
    public void close() {
        List<Server> order = List.of(Server.settlement, Server.shop, Server.auth, Server.bureau);
        for (Server s : order) {
            Child c = children.remove(s);
            if (c != null) c.close();
        }
    }

    /** One running server process; its output goes to its log file, and the lines the harness waits for are noted. */
    private final class Child {
        final Server server;
        final Process process;
        final Set<String> noted = ConcurrentHashMap.newKeySet();

        Child(Server server, Process process) {
            this.server = server;
            this.process = process;
            ALL.add(this);
            Thread.ofVirtual().name(server + "-output").start(this::copyOutput);
        }

        private void copyOutput() {
            Path log = dir.resolve("logs").resolve(server + ".log");
            try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 BufferedWriter out = Files.newBufferedWriter(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                out.write("---- started, pid " + process.pid() + " at " + java.time.Instant.now() + "\n");
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.equals(server + " ready") || line.startsWith(FaultPoints.MARKER)) {
                        noted.add(line);
                        line = line + " at " + java.time.Instant.now();
                    }
                    out.write(line);
                    out.write('\n');
                }
                out.write("---- ended at " + java.time.Instant.now() + "\n");
            } catch (IOException e) {
                // The process died; what it printed is in the log.
            }
        }

        boolean poll(String line, Duration atMost) {
            long deadline = System.nanoTime() + atMost.toNanos();
            while (System.nanoTime() < deadline) {
                if (noted.contains(line)) return true;
                if (!process.isAlive()) return noted.contains(line);
                Pause.millis(20);
            }
            return false;
        }

        void await(String line, Duration atMost) {
            if (!poll(line, atMost)) {
                throw new IllegalStateException(server + " did not print \"" + line + "\" within " + atMost.toSeconds() + " s"
                        + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")") + "; see " + dir.resolve("logs").resolve(server + ".log"));
            }
        }

        void kill() {
            process.destroyForcibly();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) throw new IllegalStateException(server + " survived SIGKILL");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ALL.remove(this);
        }

        void close() {
            ServerFiles.stop(process);
            ALL.remove(this);
        }
    }
}
