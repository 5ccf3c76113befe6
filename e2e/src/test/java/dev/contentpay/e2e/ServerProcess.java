package dev.contentpay.e2e;

import dev.contentpay.app.Main;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One contentpay server as a real operating-system process ({@code contentpay serve NAME --config
 * FILE} in its own JVM, on the test's class path), whose output the test watches line by line and
 * which it can kill with SIGKILL ({@link Process#destroyForcibly()} on Linux), as {@code kill -9}.
 */
final class ServerProcess implements AutoCloseable {

    private final String server;
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private ServerProcess(String server, Process process) {
        this.server = server;
        this.process = process;
        Thread.ofVirtual().name(server + "-output").start(this::readOutput);
    }

    /** Starts {@code contentpay serve SERVER --config CONFIG} in {@code workDir} and waits for its "SERVER ready" line. */
    static ServerProcess start(Path workDir, String server, Path config) throws IOException {
        return start(workDir, server, config, "192m");
    }

    /** {@link #start(Path, String, Path)} with at most {@code heap} of memory for its objects ({@code -Xmx}). */
    static ServerProcess start(Path workDir, String server, Path config, String heap) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var process = new ProcessBuilder(java, "-Xmx" + heap, "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", server, "--config", config.toString())
                .directory(workDir.toFile()).redirectErrorStream(true).start();
        var started = new ServerProcess(server, process);
        String ready = server + " ready";
        started.awaitLine(ready::equals, Duration.ofSeconds(60));
        return started;
    }

    /**
     * Starts {@code contentpay demo --data DATA} in {@code workDir} with {@code environment} added to
     * an environment cleared of every server setting ({@code CONTENTPAY_<SERVER>_...}; the test
     * switches stay), and waits for its "contentpay demo ready" line.
     */
    static ServerProcess startDemo(Path workDir, Path data, java.util.Map<String, String> environment) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var builder = new ProcessBuilder(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "demo", "--data", data.toString())
                .directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("CONTENTPAY_") && !name.startsWith("CONTENTPAY_TEST_"));
        builder.environment().putAll(environment);
        var started = new ServerProcess("demo", builder.start());
        started.awaitLine("contentpay demo ready"::equals, Duration.ofSeconds(90));
        return started;
    }

    /**
     * The settings of {@code c} (an in-process settlement server's, which the process replaces on
     * its port, database and keys) as a configuration file in {@code dir}, with {@code more} lines.
     */
    static Path settlementConfigFile(Path dir, dev.contentpay.settlement.SettlementConfig c, String name, List<String> more) throws IOException {
        var lines = new java.util.ArrayList<>(List.of(
                "http.port=" + c.port(), "database.url=" + c.databaseUrl(), "merchant.id=" + c.merchantId(),
                "signing.key-file=" + c.signingKeyFile(), "auth.merchant-url=" + c.authMerchantUrl(), "auth.issuer-id=" + c.authIssuerId(),
                "auth.keys-file=" + c.authKeysFile(), "shop.url=" + c.shopUrl(), "shop.keys-file=" + c.shopKeysFile(),
                "admin.token-file=" + c.adminTokenFile()));
        if (c.authTls() != null) {
            lines.addAll(List.of("auth.tls.cert-file=" + c.authTls().certFile(), "auth.tls.key-file=" + c.authTls().keyFile(),
                    "auth.tls.ca-file=" + c.authTls().caFile()));
        }
        lines.addAll(more);
        return java.nio.file.Files.write(dir.resolve(name), lines);
    }

    /** Waits until the process prints a line that {@code wanted} accepts; fails with everything it printed if it does not. */
    String awaitLine(Predicate<String> wanted, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : lines) if (wanted.test(line)) return line;
            if (!process.isAlive() && lines.stream().noneMatch(wanted)) {
                throw new AssertionError(server + " exited (" + process.exitValue() + ") without the awaited line:\n" + output());
            }
            TestDeployment.sleep(20);
        }
        throw new AssertionError(server + " did not print the awaited line within " + atMost + ":\n" + output());
    }

    /** kill -9: the process gets no chance to finish anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) throw new AssertionError(server + " survived SIGKILL");
    }

    String output() {
        return String.join("\n", lines);
    }

    private void readOutput() {
        try (var out = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
            for (String line; (line = out.readLine()) != null; ) lines.add(line);
        } catch (IOException e) {
            // The process died; what it printed is kept.
        }
    }

    /** A graceful stop (SIGTERM: the shutdown hook closes the server). */
    @Override
    public void close() {
        dev.contentpay.harness.chaos.ServerFiles.stop(process);
    }
}
