package dev.contentpay.e2e.browser;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contentpay.platform.http.Json;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * axe-core, the accessibility engine, injected into the page a {@link Browser} shows and run there.
 * <p>
 * It comes from npm, pinned with its integrity hash by {@code e2e/src/test/axe/package-lock.json}
 * and installed once into {@code e2e/target/axe} with {@code npm ci}, which refuses a package whose
 * hash differs. Without npm the calling test is skipped on a developer's machine and fails in CI
 * (CI=true), as {@link Browser#requireChromium} does for the browser.
 */
final class Axe {

    private static final Path SOURCE = Path.of("src", "test", "axe");
    private static final Path HOME = Path.of("target", "axe");
    private static final Path SCRIPT = HOME.resolve("node_modules/axe-core/axe.min.js");
    /** The impacts that fail a page; "moderate" and "minor" findings are printed. */
    static final List<String> FAILING = List.of("serious", "critical");

    private static String script;

    private Axe() {
    }

    /** One rule a page broke: its id, impact, what it asks, and the elements that break it. */
    record Violation(String id, String impact, String help, List<String> targets) {
        boolean failing() {
            return FAILING.contains(impact);
        }

        @Override
        public String toString() {
            return impact + " " + id + " (" + help + ") at " + targets;
        }
    }

    /** The script, installing it first if this build has not yet. */
    static synchronized String script() {
        if (script != null) return script;
        try {
            if (!Files.isRegularFile(SCRIPT)) install();
            script = Files.readString(SCRIPT, StandardCharsets.UTF_8);
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs axe on the whole page the browser shows and answers every violation, whatever its impact. */
    static List<Violation> check(Browser browser) {
        browser.run(script() + "\nreturn typeof axe;");
        String json = (String) browser.runAsync("""
                var done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']})
                   .then(function (r) { done(JSON.stringify(r.violations)); })
                   .catch(function (e) { done(JSON.stringify({error: String(e)})); });
                """);
        try {
            JsonNode found = Json.MAPPER.readTree(json);
            if (found.has("error")) throw new AssertionError("axe failed on " + browser.url() + ": " + found.get("error").asText());
            List<Violation> violations = new ArrayList<>();
            for (JsonNode v : found) {
                List<String> targets = new ArrayList<>();
                for (JsonNode node : v.get("nodes")) targets.add(node.get("target").toString());
                violations.add(new Violation(v.get("id").asText(), v.path("impact").asText("unknown"), v.get("help").asText(), targets));
            }
            return violations;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void install() throws IOException {
        String npm = npm();
        Files.createDirectories(HOME);
        for (String file : List.of("package.json", "package-lock.json")) {
            Files.copy(SOURCE.resolve(file), HOME.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        var process = new ProcessBuilder(npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts")
                .directory(HOME.toFile()).redirectErrorStream(true).redirectOutput(HOME.resolve("npm.log").toFile()).start();
        try {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("npm ci of axe-core took over 5 minutes; see " + HOME.resolve("npm.log").toAbsolutePath());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (process.exitValue() != 0 || !Files.isRegularFile(SCRIPT)) {
            throw new AssertionError("npm ci of axe-core failed (exit " + process.exitValue() + "): "
                    + Files.readString(HOME.resolve("npm.log")));
        }
    }

    private static String npm() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "npm"))) return Path.of(dir, "npm").toString();
        }
        String message = "the accessibility check needs npm to install axe-core (Debian: apt-get install npm); .ci/run installs it";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) Assertions.fail(message + ", but it is missing in CI");
        Assumptions.abort("skipped: " + message);
        return null;
    }
}
