package dev.contentpay.e2e.browser;

import dev.contentpay.app.Deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;

/**
 * The four real servers on free ports with SQLite in a temporary folder, as {@code contentpay demo}
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
        return Deployment.start(dir, ports, Clock.systemUTC(), overrides);
    }

    static String shop(Deployment d) {
        return d.shop().url().toString();
    }

    static String auth(Deployment d) {
        return d.auth().url().toString();
    }

    /** One number from one server's SQLite file, read directly as an auditor with the file would. */
    static long number(Path dir, String database, String sql) {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(database + ".db"));
             var rs = c.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
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
