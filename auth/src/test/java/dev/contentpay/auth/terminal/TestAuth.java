package dev.contentpay.auth.terminal;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.JWKSet;
import dev.contentpay.auth.AuthConfig;
import dev.contentpay.auth.AuthServer;
import dev.contentpay.auth.subscriber.Registration;
import dev.contentpay.auth.subscriber.Subscriber;
import dev.contentpay.platform.config.ConfigSource;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.crypto.TokenSigner;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.PurchasingInfoSeal;
import dev.contentpay.protocol.PurchasingInformation;
import dev.contentpay.protocol.TerminalProof;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real auth server on free ports over SQLite in a temporary folder, with one registered merchant
 * whose key seals purchasing information, and helpers that speak to it over real HTTP. The bureau
 * is not started: test subscribers have no bureau reference, which the credit policy answers with
 * its thin-history cap (3,000), well above every price used here.
 */
final class TestAuth implements AutoCloseable {

    static final String MERCHANT = "testshop";
    static final URI SETTLE_AT = URI.create("http://127.0.0.1:1/settle");
    static final String PASSWORD = "correct horse battery";
    static final String PIN = "1234";
    private static final AtomicInteger SUBSCRIBERS = new AtomicInteger();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** An answer: status and the JSON document. */
    record Answer(int status, JsonNode json) {
        String code() {
            return json.path("code").asText(null);
        }
    }

    final Path dir;
    final AuthServer server;
    final String adminToken;
    private final TokenSigner merchantSigner;

    private TestAuth(Path dir, AuthServer server, TokenSigner merchantSigner, String adminToken) {
        this.dir = dir;
        this.server = server;
        this.merchantSigner = merchantSigner;
        this.adminToken = adminToken;
    }

    static TestAuth start(Path dir) {
        return start(dir, Map.of());
    }

    static TestAuth start(Path dir, Map<String, String> overrides) {
        var values = new LinkedHashMap<String, String>();
        values.put("http.port", Integer.toString(freePort()));
        values.put("merchant.port", Integer.toString(freePort()));
        values.put("admin.port", Integer.toString(freePort()));
        values.put("database.url", dev.contentpay.platform.db.TestDatabases.url(dir, "auth"));
        values.put("signing.key-file", dir.resolve("keys/auth.jwk").toString());
        values.put("pseudonym.secret-file", dir.resolve("keys/auth-pseudonym.key").toString());
        values.put("admin.token-file", dir.resolve("keys/auth-admin.token").toString());
        values.put("bureau.url", "http://127.0.0.1:" + freePort());
        values.put("bureau.timeout", "500ms");
        values.put("bureau.fallback", "own-data");
        values.put("password.memory-kib", "8");
        values.put("password.iterations", "1");
        values.putAll(overrides);
        var server = AuthServer.start(AuthConfig.load(ConfigSource.of("auth", values)), Clock.systemUTC());
        OctetKeyPair merchantKey = KeyFiles.generate(MERCHANT + "-shop-1");
        server.merchants().register(new dev.contentpay.auth.merchant.MerchantRegistry.Registration(MERCHANT, "Test Shop", new JWKSet(merchantKey.toPublicJWK()),
                new JWKSet(KeyFiles.generate(MERCHANT + "-settlement-1").toPublicJWK()), SETTLE_AT, MERCHANT));
        try {
            return new TestAuth(dir, server, new TokenSigner(merchantKey), Files.readString(dir.resolve("keys/auth-admin.token")).trim());
        } catch (IOException e) {
            server.close();
            throw new IllegalStateException(e);
        }
    }

    /** A new active subscriber (credit limit 10,000 JPY, PIN 1234 above 1,000 JPY); returns the id. */
    String subscriber() {
        return subscriber(Subscriber.Status.ACTIVE);
    }

    String subscriber(Subscriber.Status status) {
        String id = "sub" + SUBSCRIBERS.incrementAndGet();
        server.subscribers().registerIfAbsent(new Registration(id, "Subscriber " + id, PASSWORD.toCharArray(), PIN.toCharArray(),
                status, Subscriber.LimitKind.CREDIT, 10_000, "JPY", null, 1_000L));
        return id;
    }

    /** Sealed purchasing information for a new order of {@code price} JPY. */
    String purchase(long price) {
        Instant now = Instant.now();
        var info = new PurchasingInformation("ord_" + UUID.randomUUID(), MERCHANT, "item" + price, "picture", "Item for " + price,
                Money.of(price, "JPY"), SETTLE_AT, now, now.plus(Duration.ofMinutes(10)));
        return PurchasingInfoSeal.seal(merchantSigner, info);
    }

    static String orderOf(String sealed) {
        String payload = new String(Base64.getUrlDecoder().decode(sealed.split("\\.")[1]), StandardCharsets.UTF_8);
        return read(payload).path("jti").asText();
    }

    // --- enrollment and proofs -------------------------------------------------------------------

    /** An enrolled terminal as the test holds it: its id and decoded secret. */
    record Enrolled(String terminalId, byte[] secret, String subscriberId) {
    }

    Enrolled enroll(String subscriberId) {
        Answer a = post("/v1/terminals", Map.of("Idempotency-Key", key()),
                "{\"subscriberId\":\"" + subscriberId + "\",\"password\":\"" + PASSWORD + "\",\"name\":\"test phone\"}");
        if (a.status() != 201) throw new AssertionError("enrollment failed: " + a);
        return new Enrolled(a.json().get("terminalId").asText(), TerminalProof.decodeSecret(a.json().get("secret").asText()), subscriberId);
    }

    static String approvalBody(String sealed, String pin) {
        return pin == null ? "{\"purchase\":\"" + sealed + "\"}" : "{\"purchase\":\"" + sealed + "\",\"pin\":\"" + pin + "\"}";
    }

    /** Headers of a correct proof for POST /v1/terminal/approvals with this body, now, and a fresh idempotency key. */
    static Map<String, String> proved(Enrolled t, String body) {
        return proved(t, "/v1/terminal/approvals", body, Instant.now(), key());
    }

    static Map<String, String> proved(Enrolled t, String path, String body, Instant at, String idempotencyKey) {
        var proof = TerminalProof.sign(t.terminalId(), t.secret(), "POST", path, body.getBytes(StandardCharsets.UTF_8), at);
        return headers(proof, idempotencyKey);
    }

    static Map<String, String> headers(TerminalProof.Headers proof, String idempotencyKey) {
        var headers = new LinkedHashMap<String, String>();
        headers.put(TerminalProof.ID_HEADER, proof.terminalId());
        headers.put(TerminalProof.TIMESTAMP_HEADER, proof.timestamp());
        headers.put(TerminalProof.NONCE_HEADER, proof.nonce());
        headers.put(TerminalProof.SIGNATURE_HEADER, proof.signature());
        headers.put("Idempotency-Key", idempotencyKey);
        return headers;
    }

    /** Asks for an approval with a correct, fresh proof. */
    Answer approveWithTerminal(Enrolled t, String sealed, String pin) {
        String body = approvalBody(sealed, pin);
        return post("/v1/terminal/approvals", proved(t, body), body);
    }

    // --- HTTP ------------------------------------------------------------------------------------

    Answer post(String path, Map<String, String> headers, String body) {
        return send(server.url(), "POST", path, headers, body);
    }

    Answer send(String method, String path, Map<String, String> headers, String body) {
        return send(server.url(), method, path, headers, body);
    }

    Answer admin(String method, String path) {
        return send(server.adminUrl(), method, path, Map.of("Authorization", "Bearer " + adminToken, "Idempotency-Key", key()),
                "POST".equals(method) ? "" : null);
    }

    static Map<String, String> basic(String subscriberId, String password) {
        return Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString((subscriberId + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    static Answer send(URI base, String method, String path, Map<String, String> headers, String body) {
        var builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
        headers.forEach(builder::header);
        if (body != null) builder.header("Content-Type", "application/json");
        builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body().isEmpty() ? Json.MAPPER.nullNode() : read(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // --- the database, read as an auditor would --------------------------------------------------

    long count(String sql, Object... params) {
        return server.database().withHandle(h -> {
            var q = h.createQuery(sql);
            for (int i = 0; i < params.length; i++) q.bind(i, params[i]);
            return q.mapTo(Long.class).one();
        });
    }

    List<String> strings(String sql, Object... params) {
        return server.database().withHandle(h -> {
            var q = h.createQuery(sql);
            for (int i = 0; i < params.length; i++) q.bind(i, params[i]);
            return q.mapTo(String.class).list();
        });
    }

    /** Every value of every table, as one text per row, to look for things that must not be stored. */
    List<String> everyRow() {
        return server.database().withHandle(h -> {
            var rows = new java.util.ArrayList<String>();
            for (String table : h.createQuery(dev.contentpay.platform.db.TestDatabases.tablesQuery(dev.contentpay.platform.db.TestDatabases.url(dir, "auth"))).mapTo(String.class).list()) {
                h.createQuery("SELECT * FROM \"" + table + "\"").mapToMap().forEach(row -> rows.add(table + ": " + row.values()));
            }
            return rows;
        });
    }

    static String key() {
        return UUID.randomUUID().toString();
    }

    private static JsonNode read(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + json, e);
        }
    }

    private static int freePort() {
        return dev.contentpay.platform.http.FreePorts.pick();
    }

    @Override
    public void close() {
        server.close();
    }
}
