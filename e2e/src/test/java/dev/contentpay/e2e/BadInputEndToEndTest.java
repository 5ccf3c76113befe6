package dev.contentpay.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.contentpay.app.Deployment;
import dev.contentpay.platform.http.Json;
import dev.contentpay.protocol.ApprovalResponse;
import dev.contentpay.protocol.SelectResponse;
import dev.contentpay.client.ContentpayClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import static dev.contentpay.e2e.TestDeployment.password;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input on every endpoint of every server (issue 7, item 4), against the four real servers:
 * the routes come from the servers' own registrations, so a new route without a body template here
 * fails {@link #everyRouteWithABodyHasATemplate()}. Each attack must be answered with a 4xx
 * problem+json whose code is in the catalogue (or, on a browser page, a 4xx page), never a 5xx;
 * and a refused request changes no account, approval, budget, settlement, ledger or order.
 */
class BadInputEndToEndTest {

    @TempDir
    static Path dir;
    static Deployment deployment;
    static Endpoints endpoints;
    static final String SUBSCRIBER = "mallory";
    static final char[] PASSWORD = "mallory-fuzz-pass".toCharArray();
    /** Templates of a valid request per JSON route, and the path values that reach its logic. */
    static final Map<String, String> TEMPLATES = new LinkedHashMap<>();
    static final Map<String, Map<String, String>> PATH_VALUES = new LinkedHashMap<>();

    /** Routes that take a browser's form, not JSON: attacked with forms and garbage, not templates. */
    static final Set<String> FORM_ROUTES = Set.of("POST /approve/sign-in", "POST /approve", "POST /account/sign-in", "POST /account/limit", "POST /account/pin-lock/reset",
            "POST /account/terminals/{terminalId}/revoke", "POST /sign-out", "POST /checkout/complete", "POST /items/{itemId}/buy",
            "POST /admin/reversals/{id}/decision", "POST /admin/reversals/{id}/accept", "POST /admin/reversals/{id}/contest");
    /** Routes whose request has no body at all. */
    static final Set<String> BODILESS = Set.of("POST /v1/admin/subscribers/{id}/suspend", "POST /v1/admin/subscribers/{id}/resume",
            "POST /v1/admin/subscribers/{id}/close", "POST /v1/admin/terminals/{id}/revoke", "POST /v1/admin/sweep",
            "POST /v1/admin/outbox/{id}/resend", "POST /v1/merchant/line-keys", "POST /v1/admin/merchants/{id}/suspend",
            "POST /v1/admin/merchants/{id}/resume", "POST /v1/admin/webhook-deliveries/{id}/redeliver", "POST /v1/admin/issuer-events/replay",
            "POST /v1/admin/keys/rotations", "POST /v1/admin/tls/reloads", "POST /v1/admin/reversals/{id}/accept");
    /**
     * Fields a person types freely (a name, a reason): a request with odd but well-formed text there
     * may succeed. Every other mutation must be refused.
     */
    static final Set<String> FREE_TEXT = Set.of("name", "displayName", "reason");
    /** Fields that may be left out or null. */
    static final Set<String> OPTIONAL = Set.of("pin", "name", "bureauReference", "pinThreshold", "reason", "invoiceRegistrationNumber");
    /** Where zero or a huge amount is a legitimate value (a limit or a PIN amount may be zero; an operator may set any limit). */
    static final Set<String> ANY_AMOUNT = Set.of("PUT /v1/subscriber/pin-threshold", "PUT /v1/admin/subscribers/{id}/limit");
    static final Set<String> ZERO_AMOUNT = Set.of("PUT /v1/subscriber/limit");

    static final List<String> NASTY_STRINGS = List.of(
            "' OR '1'='1'; DROP TABLE approval; --", "\" OR \"\"=\"", "alice'--", "%",
            "\u202Eevil\u202C", "e\u0301\u0301\u0301\u0301", "\uD800", "a\u0000b", "\u0000", "\uFEFF", "../../etc/passwd",
            "x".repeat(10_000), "", " ");

    @BeforeAll
    static void start() {
        deployment = TestDeployment.start(dir, Map.of());
        endpoints = new Endpoints(deployment, dir, Clock.systemUTC(), SUBSCRIBER, PASSWORD);
        var admin = endpoints.all().stream().filter(r -> r.key().equals("POST /v1/admin/subscribers")).findFirst().orElseThrow();
        var created = endpoints.call(admin, "/v1/admin/subscribers").body("""
                {"id":"mallory","displayName":"Mallory","password":"mallory-fuzz-pass","pin":"1234","limitKind":"prepaid",
                 "limit":{"amount":1000000,"currency":"JPY"}}""").send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        var client = TestDeployment.terminal(deployment);
        endpoints.terminal = client.enroll(SUBSCRIBER, PASSWORD, "fuzzing phone");
        SelectResponse forApproval = client.select(deployment.shop().url(), "wallpaper");
        SelectResponse forPurchase = client.select(deployment.shop().url(), "ringtone");
        ApprovalResponse approval = client.approve(SUBSCRIBER, PASSWORD, forPurchase);
        String money = "{\"amount\":100,\"currency\":\"JPY\"}";
        TEMPLATES.put("POST /v1/approvals", json("subscriberId", SUBSCRIBER, "password", new String(PASSWORD), "purchase", forApproval.sealed(), "pin", "1234"));
        TEMPLATES.put("POST /v1/terminals", json("subscriberId", SUBSCRIBER, "password", new String(PASSWORD), "name", "another phone"));
        TEMPLATES.put("POST /v1/terminal/approvals", json("purchase", forApproval.sealed(), "pin", "1234"));
        TEMPLATES.put("PUT /v1/subscriber/pin-threshold", "{\"amount\":" + money + ",\"pin\":\"1234\"}");
        TEMPLATES.put("PUT /v1/subscriber/limit", "{\"amount\":{\"amount\":2000000,\"currency\":\"JPY\"}}");
        TEMPLATES.put("POST /v1/merchant/judgements", "{\"approval\":\"" + approval.approval() + "\",\"orderId\":\"" + approval.orderId()
                + "\",\"amount\":{\"amount\":150,\"currency\":\"JPY\"}}");
        TEMPLATES.put("POST /v1/merchant/judgement-batches", "{\"judgements\":[{\"idempotencyKey\":\"judge-fuzz\",\"request\":{\"approval\":\""
                + approval.approval() + "\",\"orderId\":\"" + approval.orderId() + "\",\"amount\":{\"amount\":150,\"currency\":\"JPY\"}}}]}");
        TEMPLATES.put("POST /v1/merchant/payment-notices", "{\"allowanceId\":\"alw_none\",\"settlementId\":\"stl_none\",\"amount\":" + money
                + ",\"settledAt\":\"2026-11-24T12:00:00Z\"}");
        TEMPLATES.put("POST /v1/merchant/payment-notice-batches", "{\"notices\":[{\"allowanceId\":\"alw_none\",\"settlementId\":\"stl_none\",\"amount\":"
                + money + ",\"settledAt\":\"2026-11-24T12:00:00Z\"}]}");
        TEMPLATES.put("POST /v1/merchant/voids", json("approvalId", "apv_none"));
        TEMPLATES.put("POST /v1/merchant/refunds", "{\"refundId\":\"rfd_none\",\"allowanceId\":\"alw_none\",\"settlementId\":\"stl_none\",\"amount\":"
                + money + ",\"refundedAt\":\"2026-11-24T12:00:00Z\"}");
        TEMPLATES.put("POST /v1/admin/subscribers", "{\"id\":\"newcomer\",\"displayName\":\"Newcomer\",\"password\":\"newcomer-pass\",\"pin\":\"1234\","
                + "\"limitKind\":\"credit\",\"limit\":" + money + ",\"bureauReference\":\"ref-1\",\"pinThreshold\":" + money + "}");
        TEMPLATES.put("POST /v1/admin/merchants", "{\"id\":\"newmerchant\",\"name\":\"New Merchant\",\"sealKeys\":"
                + new com.nimbusds.jose.jwk.JWKSet(dev.contentpay.platform.crypto.KeyFiles.generate("newmerchant-shop-1").toPublicJWK()).toString(true)
                + ",\"assertionKeys\":"
                + new com.nimbusds.jose.jwk.JWKSet(dev.contentpay.platform.crypto.KeyFiles.generate("newmerchant-settlement-1").toPublicJWK()).toString(true)
                + ",\"settlementUrl\":\"https://newmerchant.example/settle\",\"invoiceRegistrationNumber\":\"T4010001000006\"}");
        TEMPLATES.put("PUT /v1/admin/subscribers/{id}/limit", "{\"amount\":" + money + "}");
        TEMPLATES.put("POST /v1/admin/subscribers/{id}/top-ups", "{\"amount\":" + money + "}");
        TEMPLATES.put("POST /v1/admin/subscribers/{id}/points", "{\"amount\":" + money + "}");
        TEMPLATES.put("POST /v1/merchant/reversal-answers", json("reversalId", "rev_none", "answer", "contest", "note", "it was delivered"));
        TEMPLATES.put("POST /v1/admin/reversals", json("allowanceId", "alw_none", "reason", "customer_care"));
        // A live issuer refuses it whole (sandbox_only); the bad bodies must be refused as cleanly.
        TEMPLATES.put("PUT /v1/admin/sandbox/merchants/{id}/faults", "{\"faults\":[\"duplicate-webhooks\"],\"delaySeconds\":1}");
        TEMPLATES.put("POST /v1/admin/reversals/{id}/decision", json("outcome", "rejected"));
        TEMPLATES.put("POST /v1/admin/reversals/{id}/contest", json("note", "it was delivered"));
        TEMPLATES.put("POST /v1/purchases", json("approval", approval.approval(), "purchase", forPurchase.sealed()));
        TEMPLATES.put("POST /v1/admin/refunds", json("settlementId", "stl_none", "reason", "asked"));
        TEMPLATES.put("POST /v1/purchases/restore", json("proof", approval.approval()));
        TEMPLATES.put("POST /v1/orders", json("itemId", "wallpaper"));
        TEMPLATES.put("POST /v1/issuer-events", json("id", Endpoints.WEBHOOK_ID, "type", "approval.expired", "merchantId", Deployment.MERCHANT_ID,
                "approvalId", "apv_fuzz", "occurredAt", "2026-12-06T09:00:00Z"));
        PATH_VALUES.put("PUT /v1/admin/subscribers/{id}/limit", Map.of("id", "alice"));
        PATH_VALUES.put("POST /v1/admin/subscribers/{id}/top-ups", Map.of("id", "carol"));
        PATH_VALUES.put("POST /v1/admin/subscribers/{id}/points", Map.of("id", "carol"));
    }

    @AfterAll
    static void stop() {
        if (endpoints != null) System.out.printf("BadInputEndToEndTest: %d requests sent, %d routes%n", endpoints.sent.get(), endpoints.all().size());
        if (deployment != null) deployment.close();
    }

    static String json(String... pairs) {
        var node = Json.MAPPER.createObjectNode();
        for (int i = 0; i < pairs.length; i += 2) node.put(pairs[i], pairs[i + 1]);
        return node.toString();
    }

    @Test
    void everyRouteWithABodyHasATemplate() {
        var missing = endpoints.all().stream().filter(Endpoints.Route::hasBody).map(Endpoints.Route::key)
                .filter(k -> !TEMPLATES.containsKey(k) && !FORM_ROUTES.contains(k) && !BODILESS.contains(k)).toList();
        assertThat(missing).as("routes that take a body but have no template in this test").isEmpty();
        assertThat(endpoints.all()).hasSizeGreaterThan(50);
    }

    /** Nasty path segments and query values on every route: never a 5xx, and an id that names nothing is a 4xx. */
    @TestFactory
    Stream<DynamicTest> pathSegmentsAndQueriesOfEveryRoute() {
        return endpoints.all().stream().map(route -> DynamicTest.dynamicTest(route.toString(), () -> {
            var before = endpoints.snapshot();
            var values = new ArrayList<String>(NASTY_STRINGS);
            values.add("%C0%AF");
            for (String value : values) {
                boolean raw = value.startsWith("%C0");
                String path = raw ? Endpoints.fill(route.template(), Map.of(), "x").replace("/x", "/%C0%AF") : Endpoints.fill(route.template(), Map.of(), value);
                String q = raw ? "%C0%AF" : Endpoints.encodeSegment(value);
                // A valid body only where the path names what it acts on, so that the nasty value reaches the lookup.
                byte[] body = !route.hasBody() ? null : route.template().contains("{") && TEMPLATES.containsKey(route.key()) ? bodyOf(route)
                        : "{}".getBytes(StandardCharsets.UTF_8);
                // Ten copies of a 10,000-character value would pass the server's 8 KiB request line; the path carries it alone.
                String query = value.length() > 1000 ? "" : "date=" + q + "&from=" + q + "&to=" + q + "&after=" + q + "&limit=" + q
                        + "&token=" + q + "&purchase=" + q + "&return=" + q + "&kind=" + q + "&subscriber=" + q;
                var answer = endpoints.call(route, path).body(body).query(query).send();
                assertClean(route, "path/query " + printable(value), answer, route.template().contains("{"));
            }
            assertUnchanged(route, before);
        }));
    }

    /** Every JSON body route: each field of a valid request mutated in turn, and whole bodies that are not requests. */
    @TestFactory
    Stream<DynamicTest> bodiesOfEveryJsonRoute() {
        return endpoints.all().stream().filter(r -> TEMPLATES.containsKey(r.key())).map(route -> DynamicTest.dynamicTest(route.toString(), () -> {
            String path = Endpoints.fill(route.template(), PATH_VALUES.getOrDefault(route.key(), Map.of()), "nobody");
            for (var mutation : mutations(route)) {
                var before = endpoints.snapshot();
                var answer = endpoints.call(route, path).body(mutation.body()).send();
                if (mutation.mayPass() && answer.status() < 300) continue;
                assertClean(route, mutation.what(), answer, true);
                assertUnchanged(route, before);
            }
        }));
    }

    /** Missing and repeated headers on every JSON body route: refused, whatever the order of the copies. */
    @TestFactory
    Stream<DynamicTest> missingAndRepeatedHeaders() {
        return endpoints.all().stream().filter(r -> TEMPLATES.containsKey(r.key())).map(route -> DynamicTest.dynamicTest(route.toString(), () -> {
            String path = Endpoints.fill(route.template(), PATH_VALUES.getOrDefault(route.key(), Map.of()), "nobody");
            byte[] body = bodyOf(route);
            var cases = new LinkedHashMap<String, Function<Endpoints.Call, Endpoints.Call>>();
            cases.put("two Idempotency-Keys", c -> c.header("Idempotency-Key", "another-key-" + System.nanoTime()));
            cases.put("two Content-Types", c -> c.header("Content-Type", "text/plain"));
            cases.put("two Authorization headers", c -> c.header("Authorization", "Bearer not-a-token").header("Authorization", "Basic bm86bm8="));
            if (route.method().equals("POST")) {
                // PUT sets a value and is idempotent by itself; every POST that changes state needs a key.
                cases.put("no Idempotency-Key", c -> {
                    c.idempotencyKey = false;
                    return c;
                });
            }
            // Jetty closes the connection after its 431: on a connection of its own, so that no later case finds it dead in the pool.
            cases.put("a 20,000-character header", c -> c.header("X-Filler", "x".repeat(20_000)).onItsOwnConnection());
            cases.put("a text/plain body", c -> {
                c.contentType = "text/plain";
                return c;
            });
            // Without credentials only where the route takes them in headers; elsewhere the request would be a valid one.
            if (needsCredentials(route)) cases.put("no credentials", Endpoints.Call::unauthenticated);
            for (var entry : cases.entrySet()) {
                var before = endpoints.snapshot();
                Endpoints.Answer answer;
                try {
                    answer = entry.getValue().apply(endpoints.call(route, path).body(body)).send();
                } catch (IllegalStateException closed) {
                    // Jetty answers headers beyond its buffer with 431 and closes at once; a client
                    // still writing may see the connection reset before it reads the answer.
                    assertThat(entry.getKey()).as(closed.getMessage()).isEqualTo("a 20,000-character header");
                    assertUnchanged(route, before);
                    continue;
                }
                assertClean(route, entry.getKey(), answer, true);
                assertUnchanged(route, before);
            }
        }));
    }

    /**
     * Issue 13, item 13: on PostgreSQL an idempotency scope plus a 64-character id overflowed
     * VARCHAR(64) and was answered 500. Ids of 64 characters (the longest an id may be) and of 65
     * and 128 (well formed, but too long for the columns) in every path and in every id field of
     * every state-changing JSON route, with the longest Idempotency-Key: never a 5xx.
     */
    @TestFactory
    Stream<DynamicTest> longIdsAtEveryStateChangingRoute() {
        return endpoints.all().stream().filter(r -> !r.method().equals("GET") && !FORM_ROUTES.contains(r.key()))
                .map(route -> DynamicTest.dynamicTest(route.toString(), () -> {
                    for (int length : new int[]{64, 65, 128}) {
                        String id = "i".repeat(length);
                        String path = Endpoints.fill(route.template(), Map.of(), id);
                        byte[] body = route.hasBody() ? withIds(route, id) : null;
                        var call = endpoints.call(route, path).body(body).header("Idempotency-Key", "k".repeat(255));
                        call.idempotencyKey = false;
                        assertNotBroken(route, length + "-character ids", call.send());
                    }
                }));
    }

    /** The route's template with every id field (id, bureauReference, ...Id) set to {@code id}. */
    private static byte[] withIds(Endpoints.Route route, String id) {
        if (!TEMPLATES.containsKey(route.key())) return "{}".getBytes(StandardCharsets.UTF_8);
        try {
            var node = (ObjectNode) Json.MAPPER.readTree(TEMPLATES.get(route.key()));
            for (String field : iterable(node.fieldNames())) {
                if (field.equals("id") || field.endsWith("Id") || field.equals("bureauReference")) node.put(field, id);
            }
            return node.toString().getBytes(StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Form routes of the browser pages: garbage, JSON and oversized forms are refused, never a 5xx. */
    @TestFactory
    Stream<DynamicTest> formsOfEveryPage() {
        return endpoints.all().stream().filter(r -> FORM_ROUTES.contains(r.key())).map(route -> DynamicTest.dynamicTest(route.toString(), () -> {
            String path = Endpoints.fill(route.template(), Map.of(), "wallpaper");
            var before = endpoints.snapshot();
            for (String value : NASTY_STRINGS) {
                String v = Endpoints.encodeSegment(value);
                String form = "purchase=" + v + "&csrf=" + v + "&subscriberId=" + v + "&password=" + v + "&pin=" + v + "&limit=" + v
                        + "&approval=" + v + "&return=" + v + "&remember=" + v + "&decision=" + v + "&nonce=" + v;
                var call = endpoints.call(route, path).body(form);
                call.contentType = "application/x-www-form-urlencoded";
                assertNotBroken(route, "form " + printable(value), call.send());
            }
            for (byte[] garbage : wholeBodies()) {
                assertNotBroken(route, "garbage form", endpoints.call(route, path).body(garbage).send());
            }
            assertUnchanged(route, before);
        }));
    }

    private static boolean needsCredentials(Endpoints.Route route) {
        return !endpoints.credentials(endpoints.call(route, "/")).isEmpty();
    }

    record Mutation(String what, byte[] body, boolean mayPass) {
    }

    static byte[] bodyOf(Endpoints.Route route) {
        return TEMPLATES.getOrDefault(route.key(), "").getBytes(StandardCharsets.UTF_8);
    }

    /** Each field of the template replaced in turn, then whole bodies that are no request at all. */
    static List<Mutation> mutations(Endpoints.Route route) {
        ObjectNode template;
        try {
            template = (ObjectNode) Json.MAPPER.readTree(TEMPLATES.get(route.key()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        var out = new ArrayList<Mutation>();
        for (String field : iterable(template.fieldNames())) {
            JsonNode original = template.get(field);
            // The PIN is read only above the subscriber's PIN amount; below it any PIN, or none, is ignored.
            boolean free = FREE_TEXT.contains(field) || field.equals("pin") && route.key().contains("approvals")
                    || field.equals("password") && route.key().equals("POST /v1/admin/subscribers");
            for (var replacement : wrongTypes(original)) {
                out.add(with(template, field, replacement, "wrong type " + replacement, replacement.equals("null") && OPTIONAL.contains(field)));
            }
            out.add(without(template, field));
            if (original.isTextual()) {
                for (String s : NASTY_STRINGS) out.add(with(template, field, quote(s), printable(s), free));
            }
            if (original.isObject() && original.has("amount")) {
                for (String amount : List.of("0", "-1", "-9223372036854775808", "9223372036854775807", "9223372036854775808", "1e400", "12.5", "\"12.5\"", "1.0E2")) {
                    boolean legal = ANY_AMOUNT.contains(route.key()) && (amount.equals("0") || amount.equals("9223372036854775807"))
                            || ZERO_AMOUNT.contains(route.key()) && amount.equals("0");
                    out.add(with(template, field, "{\"amount\":" + amount + ",\"currency\":\"JPY\"}", field + ".amount = " + amount, legal));
                }
                for (String currency : List.of("\"USD\"", "\"XXX\"", "\"jpy\"", "\"\"", "\"JPYY\"", "null", "1")) {
                    out.add(with(template, field, "{\"amount\":100,\"currency\":" + currency + "}", field + ".currency = " + currency, false));
                }
                out.add(with(template, field, "{\"amount\":100,\"currency\":\"JPY\",\"extra\":1}", field + " with an unknown field", false));
            }
        }
        out.add(new Mutation("an unknown field", (TEMPLATES.get(route.key()).replaceFirst("\\}$", ",\"unexpected\":true}")).getBytes(StandardCharsets.UTF_8), false));
        out.add(new Mutation("a repeated field", (TEMPLATES.get(route.key()).replaceFirst("\\{", "{\"" + template.fieldNames().next() + "\":\"dup\",")).getBytes(StandardCharsets.UTF_8), false));
        for (byte[] body : wholeBodies()) out.add(new Mutation("body " + printable(new String(body, StandardCharsets.UTF_8)), body, false));
        return out;
    }

    static List<String> wrongTypes(JsonNode original) {
        var all = new ArrayList<>(List.of("123", "true", "[]", "{}", "\"text\"", "null", "1e400", "[\"a\"]"));
        if (original.isTextual()) all.remove("\"text\"");
        if (original.isObject()) all.remove("{}");
        return all;
    }

    static List<byte[]> wholeBodies() {
        var bodies = new ArrayList<byte[]>();
        for (String s : List.of("", "null", "[]", "\"x\"", "123", "{", "}", "{\"a\":}", "{}{}", "{} trailing", "[".repeat(100_000),
                "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000), "{\"a\":\"" + "x".repeat(70_000) + "\"}", "\uFEFF{}")) {
            bodies.add(s.getBytes(StandardCharsets.UTF_8));
        }
        bodies.add(new byte[]{'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'});
        bodies.add(new byte[]{'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'});
        bodies.add(new byte[]{0, 0, 0, 0});
        return bodies;
    }

    static Mutation with(ObjectNode template, String field, String replacementJson, String what, boolean mayPass) {
        // Spliced in as raw text, never through a tree: 1e400 or a lone surrogate must reach the server as written.
        String raw = "{" + iterableStream(template).map(f -> "\"" + f + "\":" + (f.equals(field) ? replacementJson : template.get(f).toString()))
                .reduce((a, b) -> a + "," + b).orElse("") + "}";
        return new Mutation(field + ": " + what, raw.getBytes(StandardCharsets.UTF_8), mayPass);
    }

    static Mutation without(ObjectNode template, String field) {
        var copy = template.deepCopy();
        copy.remove(field);
        return new Mutation("without " + field, Json.write(copy), OPTIONAL.contains(field));
    }

    static String quote(String s) {
        var sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.append('"').toString();
    }

    static Stream<String> iterableStream(ObjectNode node) {
        var names = new ArrayList<String>();
        node.fieldNames().forEachRemaining(names::add);
        return names.stream();
    }

    static <T> Iterable<T> iterable(java.util.Iterator<T> it) {
        var list = new ArrayList<T>();
        it.forEachRemaining(list::add);
        return list;
    }

    static String printable(String s) {
        String shown = s.length() > 40 ? s.substring(0, 40) + "...(" + s.length() + ")" : s;
        var sb = new StringBuilder();
        for (char c : shown.toCharArray()) sb.append(c < 0x20 || Character.isSurrogate(c) || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        return sb.toString();
    }

    static void assertUnchanged(Endpoints.Route route, Endpoints.Snapshot before) {
        var after = endpoints.snapshot();
        assertThat(after.rows()).as(route + ": row counts after refused requests").isEqualTo(before.rows());
        assertThat(after.balances()).as(route + ": balances after refused requests").isEqualTo(before.balances());
    }

    /** A 4xx (when {@code mustRefuse}) with a catalogued problem, or a page for a browser; never a 5xx. */
    static void assertClean(Endpoints.Route route, String what, Endpoints.Answer answer, boolean mustRefuse) {
        assertNotBroken(route, what, answer);
        if (mustRefuse) assertThat(answer.status()).as(route + " with " + what + ": " + answer).isBetween(400, 499);
    }

    static void assertNotBroken(Endpoints.Route route, String what, Endpoints.Answer answer) {
        assertThat(answer.status()).as(route + " with " + what + ": " + answer).isLessThan(500);
        // Only a browser's page may answer an error with a page of its own; the API always with a problem.
        boolean page = !route.template().startsWith("/v1/") && answer.contentType().startsWith("text/html");
        if (answer.status() >= 400 && !page) {
            assertThat(answer.isCataloguedProblem()).as(route + " with " + what + " is a catalogued problem: " + answer).isTrue();
        }
    }
}
