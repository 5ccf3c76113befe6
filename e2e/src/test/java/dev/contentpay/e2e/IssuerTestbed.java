package dev.contentpay.e2e;

import dev.contentpay.platform.time.MutableClock;
import dev.contentpay.app.Deployment;
import dev.contentpay.app.operator.OperatorClient;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.ApprovalResponse;
import dev.contentpay.protocol.admin.RegisterSubscriberRequest;
import dev.contentpay.client.ContentpayClient;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real deployment with what tests of the issuer drive it by: a terminal, the operator, and the
 * demo merchant's side of the dedicated line; and fresh subscribers registered through the admin
 * face, each with the password {@code <id>-password} and the PIN {@value #PIN}.
 */
record IssuerTestbed(Deployment deployment, ContentpayClient terminal, OperatorClient operator, Merchant merchant, String prefix,
                     AtomicInteger subscribers) implements AutoCloseable {

    static final String PIN = "4321";

    /**
     * Starts on {@code dir} with {@code clock} and these auth settings; a cheap password hash keeps
     * sign-ins quick (the cost itself is measured by the benchmarks). Subscriber ids start with {@code prefix}.
     */
    static IssuerTestbed start(Path dir, MutableClock clock, Map<String, String> authSettings, String prefix) {
        var auth = new HashMap<>(Map.of("password.memory-kib", "256", "password.iterations", "1"));
        auth.putAll(authSettings);
        Deployment deployment = TestDeployment.start(dir, Map.of("auth", auth), clock);
        return new IssuerTestbed(deployment, TestDeployment.terminal(deployment),
                new OperatorClient(deployment.auth().adminUrl(), dir.resolve("keys/auth-admin.token")), new Merchant(deployment, dir, clock),
                prefix, new AtomicInteger());
    }

    /** Registers a fresh subscriber (PIN asked only above a billion yen, so never in these tests) and returns its id. */
    String register(String kind, long limit, String bureauReference) {
        String id = prefix + "-" + subscribers.incrementAndGet();
        operator.send("POST", "/v1/admin/subscribers", new RegisterSubscriberRequest(id, "Test " + id, id + "-password", PIN, kind,
                Money.of(limit, "JPY"), bureauReference, Money.of(1_000_000_000, "JPY")));
        return id;
    }

    static char[] password(String id) {
        return (id + "-password").toCharArray();
    }

    /** The subscriber's approval of one item, with the PIN given should the issuer ask for it. */
    ApprovalResponse approve(String id, String item) {
        return terminal.approve(id, password(id), terminal.select(deployment.shop().url(), item), purpose -> PIN.toCharArray());
    }

    /** What remains of the subscriber's budget (limit, prepaid balance or points), as their terminal sees it. */
    long remaining(String subscriber) {
        return terminal.history(subscriber, password(subscriber)).remaining().amount();
    }

    /** The subscriber's statement of this month, as they read it on the subscriber's line. */
    com.fasterxml.jackson.databind.JsonNode statement(String subscriber) throws java.io.IOException {
        java.net.URI uri = deployment.auth().url().resolve("/v1/subscriber/statement");
        var response = TestDeployment.getWithBasic(uri, subscriber, password(subscriber));
        org.assertj.core.api.Assertions.assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return dev.contentpay.platform.http.Json.MAPPER.readTree(response.body());
    }

    /** The merchant's operator page, read with the settlement server's operator token in {@code dir}. */
    String settlementOperatorPage(Path dir) throws java.io.IOException {
        java.net.URI uri = deployment.settlement().url().resolve("/admin");
        var response = TestDeployment.getWithBasic(uri, "operator",
                dev.contentpay.platform.http.OperatorToken.read(dir.resolve("keys/settlement-admin.token")).toCharArray());
        org.assertj.core.api.Assertions.assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** Waits until {@code condition} holds, for at most {@code patience}. */
    static void await(java.time.Duration patience, java.util.function.Supplier<Boolean> condition) {
        java.time.Instant deadline = java.time.Instant.now().plus(patience);
        while (!condition.get()) {
            if (java.time.Instant.now().isAfter(deadline)) throw new AssertionError("condition not met within " + patience);
            TestDeployment.sleep(50);
        }
    }

    @Override
    public void close() {
        deployment.close();
    }
}
