package dev.contentpay.e2e.browser;

import dev.contentpay.app.Deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * The four real servers on free ports with their databases from the test-wide switch, as {@code contentpay demo}
 * runs them, and the few looks into their databases the browser tests make.
 */
final class WebDeployment {

    private WebDeployment() {
    }

    /**
     * The shop is told where the issuer's approval pages are (its {@code issuer.url}, which the demo's
     * fixed ports make right by default); every request comes from one address, far faster than a
     * person, so auth's per-address limit is raised as the other end-to-end tests do.
     */
    static Deployment start(Path dir) {
        var ports = Deployment.Ports.free();
        Map<String, Map<String, String>> overrides = Map.of(
                "auth", Map.of("rate-limit.per-minute", "1000000"),
                "shop", Map.of("issuer.url", "http://127.0.0.1:" + ports.auth()));
        return Deployment.start(dir, ports, Clock.systemUTC(), dev.contentpay.e2e.TestDeployment.withTestSettings(dir, overrides));
    }

    static String shop(Deployment d) {
        return d.shop().url().toString();
    }

    static String auth(Deployment d) {
        return d.auth().url().toString();
    }

    /** One number from one server's database, read directly as an auditor with access to it would. */
    static long number(Path dir, String database, String sql) {
        var rows = dev.contentpay.e2e.TestDeployment.rows(dir, database, sql);
        return rows.isEmpty() || rows.get(0).get(0) == null ? 0 : Long.parseLong(rows.get(0).get(0));
    }

    /** A demo content file as the shop holds it, read from the shop's jar. */
    static byte[] demoFile(String name) {
        try (InputStream in = WebDeployment.class.getClassLoader().getResourceAsStream("demo/" + name)) {
            if (in == null) throw new IllegalStateException("the shop's jar has no demo/" + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
