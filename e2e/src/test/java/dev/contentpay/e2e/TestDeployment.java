package dev.contentpay.e2e;

import dev.contentpay.app.Deployment;
import dev.contentpay.platform.db.TestDatabases;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.protocol.History;
import dev.contentpay.client.ContentpayClient;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Small helpers over a real {@link Deployment} on free ports, for readable tests. */
public final class TestDeployment {

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
        return Deployment.start(dir, Deployment.Ports.free(), clock, withTestSettings(dir, overrides));
    }

    /** The deployment with the demo's second merchant, its shop and settlement server on databases of their own. */
    static Deployment startWithSecondMerchant(Path dir, Map<String, Map<String, String>> overrides) {
        var settings = new java.util.HashMap<>(withTestSettings(dir, overrides));
        for (String server : List.of(Deployment.SECOND_MERCHANT_ID + "-shop", Deployment.SECOND_MERCHANT_ID + "-settlement")) {
            var own = new java.util.HashMap<String, String>(Map.of("database.url", url(dir, server), "rate-limit.per-minute", "1000000"));
            own.putAll(overrides.getOrDefault(server, Map.of()));
            settings.put(server, own);
        }
        return Deployment.start(dir, Deployment.Ports.free().withSecondMerchant(), Clock.systemUTC(), settings);
    }

    /** The deployment with shop and settlement as one store over one database (embodiment 2). */
    static Deployment startCombined(Path dir, Map<String, Map<String, String>> overrides) {
        return Deployment.start(dir, Deployment.Ports.free(), Clock.systemUTC(), withTestSettings(dir, overrides), true);
    }

    /**
     * The settings every test deployment gets unless the test sets them: auth's raised rate limit,
     * and each server's database from the test-wide switch ({@link TestDatabases}: SQLite files in
     * {@code dir}, or a fresh PostgreSQL database for {@code dir}).
     */
    public static Map<String, Map<String, String>> withTestSettings(Path dir, Map<String, Map<String, String>> overrides) {
        var all = new java.util.HashMap<String, Map<String, String>>();
        for (String server : List.of("bureau", "auth", "shop", "settlement", "store")) {
            var settings = new java.util.HashMap<String, String>();
            settings.put("database.url", url(dir, server));
            // Tests buy far faster than any person, all from one address: no server's per-address
            // limit may refuse them (RateLimitEndToEndTest sets its own low limits).
            if (server.equals("store")) {
                settings.put("shop.rate-limit.per-minute", "1000000");
                settings.put("settlement.rate-limit.per-minute", "1000000");
            } else {
                settings.put("rate-limit.per-minute", "1000000");
            }
            // The demo bills in Tokyo; tests that pick a day or a month by the UTC clock keep
            // UTC unless they set the zone (BillingPeriodsEndToEndTest sets Tokyo's).
            if (server.equals("auth") || server.equals("settlement")) settings.put("billing.zone", "UTC");
            settings.putAll(overrides.getOrDefault(server, Map.of()));
            all.put(server, settings);
        }
        return all;
    }

    /** The JDBC URL of one server's database in a test folder (see {@link TestDatabases}). */
    static String url(Path dir, String server) {
        return TestDatabases.url(dir, server);
    }

    /**
     * Settlement's settings for a dedicated line through a test proxy that settlement reaches over
     * plain HTTP (the proxy speaks mutual TLS to auth itself), with {@code more} settings.
     */
    static Map<String, String> throughPlainProxy(URI proxy, Map<String, String> more) {
        var settings = new java.util.HashMap<String, String>(more);
        settings.put("auth.merchant-url", proxy.toString());
        for (String file : List.of("cert-file", "key-file", "ca-file")) settings.put("auth.tls." + file, "");
        return settings;
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
        return send(withBasic(uri, user, password).header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(dev.contentpay.platform.http.Json.write(body))).build());
    }

    /** A GET with HTTP Basic credentials, answered raw. */
    static java.net.http.HttpResponse<String> getWithBasic(URI uri, String user, char[] password) {
        return send(withBasic(uri, user, password).GET().build());
    }

    /** A DELETE with HTTP Basic credentials, answered raw. */
    static java.net.http.HttpResponse<String> deleteWithBasic(URI uri, String user, char[] password) {
        return send(withBasic(uri, user, password).DELETE().build());
    }

    private static java.net.http.HttpRequest.Builder withBasic(URI uri, String user, char[] password) {
        String basic = java.util.Base64.getEncoder().encodeToString((user + ":" + new String(password)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.net.http.HttpRequest.newBuilder(uri).header("Authorization", "Basic " + basic);
    }

    private static java.net.http.HttpResponse<String> send(java.net.http.HttpRequest request) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a query on one server's database directly, as an auditor with access to it would. */
    public static List<List<String>> rows(Path dir, String database, String sql) {
        return TestDatabases.rows(url(dir, database), sql);
    }

    /** Changes one server's database directly, to set up a state a crash would leave. */
    static int execute(Path dir, String database, String sql) {
        return TestDatabases.execute(url(dir, database), sql);
    }

    /** The query that lists one server's tables, whichever database it runs on. */
    static String tables(Path dir, String database) {
        return TestDatabases.tablesQuery(url(dir, database));
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
