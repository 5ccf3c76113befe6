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

    /**
     * A reversal of the latest charged purchase, opened by the issuer's operator (reason
     * {@code not_received}), once the merchant's settlement server has learned of it; its id.
     */
    static String openReversal(Deployment d, Path dir) throws Exception {
        String allowance = dev.contentpay.e2e.TestDeployment.rows(dir, "auth",
                "SELECT allowance_id FROM approval WHERE status = 'CHARGED' ORDER BY charged_at DESC").get(0).get(0);
        var operator = new dev.contentpay.app.operator.OperatorClient(d.auth().adminUrl(), dir.resolve("keys/auth-admin.token"));
        String id = operator.send("POST", "/v1/admin/reversals", new dev.contentpay.protocol.admin.OpenReversalRequest(allowance, "not_received", null))
                .get("id").asText();
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos();
        while (number(dir, "settlement", "SELECT COUNT(*) FROM reversal WHERE id = '" + id + "'") == 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return id;
    }

    /** The {@code Authorization} of an operator page: HTTP Basic, user {@code operator}, the token in {@code tokenFile} as password. */
    static String operatorBasic(Path tokenFile) throws IOException {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(("operator:" + dev.contentpay.platform.http.OperatorToken.read(tokenFile))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
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
