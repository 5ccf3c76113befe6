package dev.contentpay.e2e;

import dev.contentpay.app.Deployment;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.protocol.History;
import dev.contentpay.terminal.ContentpayClient;

import java.net.URI;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Small helpers over a real {@link Deployment} on free ports, for readable tests. */
final class TestDeployment {

    private TestDeployment() {
    }

    static Deployment start(Path dir, Map<String, Map<String, String>> overrides) {
        return start(dir, overrides, Clock.systemUTC());
    }

    /**
     * All tests run from one address, far faster than any person: auth's per-address rate limit is
     * raised for them unless a test sets it.
     */
    static Deployment start(Path dir, Map<String, Map<String, String>> overrides, Clock clock) {
        var all = new java.util.HashMap<String, Map<String, String>>(overrides);
        var auth = new java.util.HashMap<String, String>(Map.of("rate-limit.per-minute", "1000000"));
        auth.putAll(overrides.getOrDefault("auth", Map.of()));
        all.put("auth", auth);
        return Deployment.start(dir, Deployment.Ports.free(), clock, all);
    }

    static ContentpayClient terminal(Deployment d) {
        return new ContentpayClient(d.auth().url());
    }

    static char[] password(String subscriber) {
        return (subscriber + "-demo-pass").toCharArray();
    }

    static void assertRefused(Runnable action, ErrorCode code) {
        assertThatThrownBy(action::run)
                .isInstanceOf(ContentpayException.class)
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((ContentpayException) e).code()).isEqualTo(code));
    }

    /** Polls the subscriber's history until {@code condition} holds (payment notices are asynchronous). */
    static History awaitHistory(Deployment d, String subscriber, Predicate<History> condition) {
        return awaitHistory(d, subscriber, password(subscriber), condition);
    }

    static History awaitHistory(Deployment d, String subscriber, char[] password, Predicate<History> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        History h = terminal(d).history(subscriber, password);
        while (!condition.test(h) && System.nanoTime() < deadline) {
            sleep(50);
            h = terminal(d).history(subscriber, password);
        }
        return h;
    }

    /** A PUT with a JSON body and HTTP Basic credentials, answered raw. */
    static java.net.http.HttpResponse<String> putJson(URI uri, String user, char[] password, Object body) {
        String basic = java.util.Base64.getEncoder().encodeToString((user + ":" + new String(password)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var request = java.net.http.HttpRequest.newBuilder(uri).header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(dev.contentpay.platform.http.Json.write(body))).build();
        try {
            return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a query on one server's SQLite file directly, as an auditor with the file would. */
    static List<List<String>> rows(Path dir, String database, String sql) {
        return dev.contentpay.app.chaos.ServerFiles.rows(dir.resolve(database + ".db"), sql);
    }

    /** Changes one server's SQLite file directly, to set up a state a crash would leave. */
    static int execute(Path dir, String database, String sql) {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(database + ".db"))) {
            return c.createStatement().executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static URI shop(Deployment d) {
        return d.shop().url();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
