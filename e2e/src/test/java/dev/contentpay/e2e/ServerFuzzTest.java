package dev.contentpay.e2e;

import dev.contentpay.app.Deployment;
import dev.contentpay.protocol.ApprovalRequest;
import dev.contentpay.protocol.EnrollRequest;
import dev.contentpay.protocol.JudgeRequest;
import dev.contentpay.protocol.PaymentNotice;
import dev.contentpay.protocol.PinThresholdRequest;
import dev.contentpay.protocol.PurchaseRequest;
import dev.contentpay.protocol.RefundRequest;
import dev.contentpay.protocol.SelectRequest;
import dev.contentpay.protocol.TerminalApprovalRequest;
import dev.contentpay.protocol.VoidRequest;
import dev.contentpay.protocol.admin.AmountRequest;
import dev.contentpay.protocol.admin.RegisterSubscriberRequest;
import dev.contentpay.settlement.operator.AdminRefundRequest;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing the four real servers over HTTP (docs/RELIABILITY.md): bodies shaped like each route's
 * request record with any values, and any Idempotency-Key, traceparent, Basic or terminal proof
 * header, sent to every JSON route with the credentials it expects. Never a 5xx; every refusal is
 * a catalogued problem and changes no account, approval, budget, settlement, ledger or order.
 */
class ServerFuzzTest {

    static Path dir;
    static Deployment deployment;
    static Endpoints endpoints;
    static List<Endpoints.Route> routes;

    /** The record each JSON route reads. */
    static final Map<String, Class<?>> BODIES = Map.ofEntries(Map.entry("POST /v1/approvals", ApprovalRequest.class),
            Map.entry("POST /v1/terminals", EnrollRequest.class), Map.entry("POST /v1/terminal/approvals", TerminalApprovalRequest.class),
            Map.entry("PUT /v1/subscriber/pin-threshold", PinThresholdRequest.class), Map.entry("PUT /v1/subscriber/limit", AmountRequest.class),
            Map.entry("POST /v1/merchant/judgements", JudgeRequest.class), Map.entry("POST /v1/merchant/payment-notices", PaymentNotice.class),
            Map.entry("POST /v1/merchant/payment-notice-batches", dev.contentpay.protocol.PaymentNoticeBatch.class),
            Map.entry("POST /v1/merchant/judgement-batches", dev.contentpay.protocol.JudgementBatch.class),
            Map.entry("POST /v1/merchant/voids", VoidRequest.class), Map.entry("POST /v1/merchant/refunds", RefundRequest.class),
            Map.entry("POST /v1/admin/subscribers", RegisterSubscriberRequest.class),
            Map.entry("PUT /v1/admin/subscribers/{id}/limit", AmountRequest.class), Map.entry("POST /v1/admin/subscribers/{id}/top-ups", AmountRequest.class),
            Map.entry("POST /v1/admin/subscribers/{id}/points", AmountRequest.class), Map.entry("POST /v1/purchases", PurchaseRequest.class),
            Map.entry("POST /v1/admin/refunds", AdminRefundRequest.class), Map.entry("POST /v1/orders", SelectRequest.class),
            Map.entry("POST /v1/purchases/restore", dev.contentpay.protocol.RestoreRequest.class),
            Map.entry("POST /v1/issuer-events", dev.contentpay.protocol.IssuerEvent.class));

    @BeforeContainer
    static void start() throws Exception {
        dir = Files.createTempDirectory("contentpay-server-fuzz");
        deployment = TestDeployment.start(dir, Map.of());
        endpoints = new Endpoints(deployment, dir, Clock.systemUTC(), "alice", TestDeployment.password("alice"));
        endpoints.terminal = TestDeployment.terminal(deployment).enroll("alice", TestDeployment.password("alice"), "fuzzing phone");
        routes = endpoints.all().stream().filter(r -> BODIES.containsKey(r.key())).toList();
        assertThat(routes).hasSize(BODIES.size());
    }

    @AfterContainer
    static void stop() throws java.io.IOException {
        if (deployment != null) deployment.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Property
    void anyBodyShapedLikeTheRoutesRecordIsAnsweredWithoutAServerError(@ForAll("routedBodies") Tuple2<Endpoints.Route, String> request) {
        var route = request.get1();
        var before = endpoints.snapshot();
        var answer = endpoints.call(route, Endpoints.fill(route.template(), Map.of("id", "carol"), "carol"))
                .body(request.get2().getBytes(StandardCharsets.UTF_8)).send();
        assertAnswered(route, request.get2(), answer, before);
    }

    @Property
    void anyHeaderValueIsAnsweredWithoutAServerError(@ForAll("jsonRoutes") Endpoints.Route route, @ForAll("headerNames") String header,
                                                     @ForAll("headerValues") String value) {
        var before = endpoints.snapshot();
        var call = endpoints.call(route, Endpoints.fill(route.template(), Map.of("id", "nobody"), "nobody")).body("{}");
        if (header.equals("Authorization") || header.startsWith("Terminal-")) call.unauthenticated();
        if (header.equals("Idempotency-Key")) call.idempotencyKey = false;
        var answer = call.header(header, value).send();
        assertAnswered(route, header + ": " + value, answer, before);
    }

    static void assertAnswered(Endpoints.Route route, String what, Endpoints.Answer answer, Endpoints.Snapshot before) {
        assertThat(answer.status()).as(route + " " + what + ": " + answer).isLessThan(500);
        if (answer.status() >= 400) {
            assertThat(answer.isCataloguedProblem()).as(route + " " + what + ": " + answer).isTrue();
            assertThat(endpoints.snapshot()).as(route + " " + what + " changed nothing").isEqualTo(before);
        }
    }

    @Provide
    Arbitrary<Endpoints.Route> jsonRoutes() {
        return Arbitraries.of(routes);
    }

    @Provide
    Arbitrary<Tuple2<Endpoints.Route, String>> routedBodies() {
        return Arbitraries.of(routes).flatMap(route -> {
            List<String> fields = Arrays.stream(BODIES.get(route.key()).getRecordComponents()).map(c -> c.getName()).toList();
            return ParserFuzzTest.json(1).list().ofSize(fields.size()).map(values -> {
                var sb = new StringBuilder("{");
                for (int i = 0; i < fields.size(); i++) {
                    if (i > 0) sb.append(',');
                    sb.append(ParserFuzzTest.quote(fields.get(i))).append(':').append(values.get(i));
                }
                return Tuple.of(route, sb.append('}').toString());
            });
        });
    }

    @Provide
    Arbitrary<String> headerNames() {
        return Arbitraries.of("Idempotency-Key", "traceparent", "Authorization", "Terminal-Id", "Terminal-Timestamp", "Terminal-Nonce",
                "Terminal-Signature", "Content-Type", "Accept");
    }

    /** Values an HTTP client can send: visible ASCII and spaces, any length up to a few hundred characters. */
    @Provide
    Arbitrary<String> headerValues() {
        return Arbitraries.oneOf(Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(300),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40).map(s -> "Basic " + s),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40).map(s -> "Bearer " + s),
                Arbitraries.of("application/json; charset=utf-16", "application/xml", "multipart/form-data; boundary=x", "*/*",
                        "00-" + "a".repeat(32) + "-" + "b".repeat(16) + "-01", "1795555800", "' OR 1=1 --"));
    }
}
