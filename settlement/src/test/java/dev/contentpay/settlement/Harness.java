package dev.contentpay.settlement;

import dev.contentpay.platform.time.MutableClock;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.JWKSet;
import dev.contentpay.platform.config.ConfigSource;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.http.Json;
import dev.contentpay.protocol.PurchaseRequest;
import dev.contentpay.protocol.Receipt;
import dev.contentpay.settlement.fakes.FakeAuth;
import dev.contentpay.settlement.fakes.FakeShop;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A real settlement server on a free port with SQLite in a temporary folder, between a fake issuer
 * and a fake shop that are real HTTP servers too. Everything a test does goes over HTTP.
 */
final class Harness implements AutoCloseable {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    final Path dir;
    final OctetKeyPair authKey = KeyFiles.generate(FakeAuth.ISSUER + "-1");
    final OctetKeyPair shopKey = FakeShop.newKey();
    final MutableClock clock = new MutableClock();
    final FakeAuth auth;
    final FakeShop shop;
    private final Map<String, String> settings = new HashMap<>();
    SettlementServer server;

    private Harness(Path dir, Map<String, String> overrides) {
        this.dir = dir;
        Path keys = dir.resolve("keys");
        KeyFiles.writePublic(keys.resolve("auth.public.jwks"), List.of(authKey));
        KeyFiles.writePublic(keys.resolve("shop.public.jwks"), List.of(shopKey));
        Path settlementPublic = keys.resolve("settlement.public.jwks");
        auth = new FakeAuth(authKey, settlementPublic);
        shop = new FakeShop(settlementPublic);
        settings.putAll(Map.of(
                "http.port", "0",
                "database.url", dev.contentpay.platform.db.TestDatabases.url(dir, "settlement"),
                "signing.key-file", keys.resolve("settlement.jwk").toString(),
                "auth.merchant-url", auth.url().toString(),
                "auth.keys-file", keys.resolve("auth.public.jwks").toString(),
                "auth.timeout", "2s",
                "shop.url", shop.url().toString(),
                "shop.keys-file", keys.resolve("shop.public.jwks").toString(),
                "notice.poll-interval", "100ms",
                "admin.token-file", keys.resolve("settlement-admin.token").toString()));
        settings.putAll(overrides);
    }

    static Harness start(Path dir) {
        return start(dir, Map.of());
    }

    static Harness start(Path dir, Map<String, String> overrides) {
        var harness = new Harness(dir, overrides);
        harness.server = new SettlementServer(harness.config(), harness.clock).start();
        return harness;
    }

    SettlementConfig config() {
        return SettlementConfig.load(ConfigSource.of("settlement", settings));
    }

    /** Stops the settlement server and starts a new one on the same database and keys. */
    void restart() {
        server.close();
        server = new SettlementServer(config(), clock).start();
    }

    Sale sale() {
        return Sale.of(shopKey, authKey);
    }

    HttpResponse<String> purchase(String idempotencyKey, Sale sale) {
        return purchase(idempotencyKey, sale.approvalToken(), sale.sealed());
    }

    HttpResponse<String> purchase(String idempotencyKey, String approval, String sealed) {
        return post(idempotencyKey, Json.writeString(new PurchaseRequest(approval, sealed)));
    }

    HttpResponse<String> post(String idempotencyKey, String json) {
        var builder = HttpRequest.newBuilder(server.url().resolve("/v1/purchases"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null) builder.header("Idempotency-Key", idempotencyKey);
        return send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    Receipt settle(Sale sale) {
        HttpResponse<String> response = purchase("key-" + sale.info().orderId(), sale);
        if (response.statusCode() != 201) throw new AssertionError("purchase failed: " + response.body());
        return receipt(response);
    }

    static Receipt receipt(HttpResponse<String> response) {
        return Json.read(response.body().getBytes(), Receipt.class);
    }

    static String code(HttpResponse<String> response) {
        return field(response, "code");
    }

    /** One top-level text field of a JSON answer. */
    static String field(HttpResponse<String> response, String name) {
        Object value = Json.read(response.body().getBytes(), Map.class).get(name);
        return value == null ? null : value.toString();
    }

    static HttpResponse<String> sendText(HttpRequest request) {
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> getText(String path) {
        return send(HttpRequest.newBuilder(server.url().resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The operator token the server created at first start, read from its file as the operator would. */
    String operatorToken() {
        try {
            return java.nio.file.Files.readString(dir.resolve("keys/settlement-admin.token")).strip();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A GET on the operator's API with the operator token. */
    HttpResponse<String> adminGet(String path) {
        return send(HttpRequest.newBuilder(server.url().resolve(path)).header("Authorization", "Bearer " + operatorToken()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A POST on the operator's API with the operator token and an idempotency key. */
    HttpResponse<String> adminPost(String path, String idempotencyKey, String json) {
        var builder = HttpRequest.newBuilder(server.url().resolve(path)).header("Authorization", "Bearer " + operatorToken())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null) builder.header("Idempotency-Key", idempotencyKey);
        return send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Refunds a settlement through the operator's API and returns the answer's body as a map. */
    Map<?, ?> refund(String settlementId, String idempotencyKey) {
        HttpResponse<String> response = adminPost("/v1/admin/refunds", idempotencyKey, "{\"settlementId\": \"" + settlementId + "\"}");
        if (response.statusCode() != 200) throw new AssertionError("refund failed: " + response.body());
        return Json.read(response.body().getBytes(), Map.class);
    }

    /** A GET with any headers, for downloads with a proof and pages with credentials. */
    HttpResponse<byte[]> get(String url, String... headers) {
        var builder = HttpRequest.newBuilder(URI.create(url)).GET();
        if (headers.length > 0) builder.headers(headers);
        return send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    JWKSet publishedKeys() throws java.text.ParseException {
        return JWKSet.parse(getText("/v1/keys").body());
    }

    /** One number from the settlement database, read directly: the test trusts no API for it. */
    long count(String sql, Object... args) {
        try (Connection c = DriverManager.getConnection(dev.contentpay.platform.db.TestDatabases.url(dir, "settlement"));
             var statement = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) statement.setObject(i + 1, args[i]);
            try (var rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    String text(String sql, Object... args) {
        try (Connection c = DriverManager.getConnection(dev.contentpay.platform.db.TestDatabases.url(dir, "settlement"));
             var statement = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) statement.setObject(i + 1, args[i]);
            try (var rs = statement.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Changes the settlement database directly, as an intruder or a careless hand would. */
    int execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(dev.contentpay.platform.db.TestDatabases.url(dir, "settlement"))) {
            return c.createStatement().executeUpdate(sql);
        }
    }

    static void await(Duration atMost, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(atMost);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) throw new AssertionError("condition not met within " + atMost);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    private static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return HTTP.send(request, handler);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (server != null) server.close();
        auth.close();
        shop.close();
    }
}
