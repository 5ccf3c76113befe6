package dev.contentpay.shop;

import com.fasterxml.jackson.core.type.TypeReference;
import com.nimbusds.jose.jwk.OctetKeyPair;
import dev.contentpay.platform.config.ConfigSource;
import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.crypto.TokenSigner;
import dev.contentpay.platform.error.Problem;
import dev.contentpay.platform.http.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real shop server for tests: SQLite and keys in a temporary folder, a free port, the built-in
 * demo catalog, and a settlement key whose public half the shop trusts.
 */
final class TestShop implements AutoCloseable {

    static final String MERCHANT = "sakura";

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    final Path dir;
    final ShopServer server;
    final TokenSigner settlement;

    private TestShop(Path dir, ShopServer server, TokenSigner settlement) {
        this.dir = dir;
        this.server = server;
        this.settlement = settlement;
    }

    /** A shop on the demo catalog whose settlement key is already in place. */
    static TestShop start(Path dir) {
        return start(dir, Map.of(), true);
    }

    static TestShop start(Path dir, Map<String, String> overrides, boolean writeSettlementKeys) {
        OctetKeyPair settlementKey = KeyFiles.generate(MERCHANT + "-settlement-1");
        if (writeSettlementKeys) KeyFiles.writePublic(settlementKeysFile(dir), List.of(settlementKey));
        ShopServer server = ShopServer.start(config(dir, overrides), Clock.systemUTC());
        return new TestShop(dir, server, new TokenSigner(settlementKey));
    }

    static ShopConfig config(Path dir, Map<String, String> overrides) {
        var values = new HashMap<String, String>();
        values.put("http.port", "0");
        values.put("database.url", dev.contentpay.platform.db.TestDatabases.url(dir.resolve("data"), "shop"));
        values.put("signing.key-file", dir.resolve("keys/shop.jwk").toString());
        values.put("settlement.keys-file", settlementKeysFile(dir).toString());
        values.putAll(overrides);
        return ShopConfig.load(ConfigSource.of("shop", values));
    }

    static Path settlementKeysFile(Path dir) {
        return dir.resolve("keys/settlement.public.jwks");
    }

    URI url() {
        return server.url();
    }

    HttpResponse<byte[]> get(String path, String... headers) {
        var builder = HttpRequest.newBuilder(url().resolve(path)).GET();
        if (headers.length > 0) builder.headers(headers);
        return send(builder.build());
    }

    HttpResponse<byte[]> postOrder(String idempotencyKey, String body) {
        var builder = HttpRequest.newBuilder(url().resolve("/v1/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) builder.header("Idempotency-Key", idempotencyKey);
        return send(builder.build());
    }

    /** A content download as the merchant's settlement server makes it: with a fresh client assertion. */
    HttpResponse<byte[]> downloadAsSettlement(String itemId) {
        String path = "/v1/contents/" + itemId;
        return get(path, "Authorization", "Bearer " + assertion(settlement, path));
    }

    String assertion(TokenSigner signer, String path) {
        return ClientAssertions.create(signer, MERCHANT, MERCHANT + "-shop", "GET", path, new byte[0], Clock.systemUTC());
    }

    static <T> T json(HttpResponse<byte[]> response, Class<T> type) {
        try {
            return Json.MAPPER.readValue(response.body(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("not " + type.getSimpleName() + ": " + new String(response.body()), e);
        }
    }

    static Problem problem(HttpResponse<byte[]> response) {
        return json(response, Problem.class);
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The demo catalog's own file, as the build packaged it. */
    static byte[] demoFile(String name) {
        try (InputStream in = TestShop.class.getClassLoader().getResourceAsStream("demo/" + name)) {
            if (in == null) throw new IllegalStateException("no demo file " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The demo catalog.json entries, read independently of the shop's own loader. */
    static List<Map<String, Object>> demoEntries() {
        try {
            return Json.MAPPER.readValue(demoFile("catalog.json"), new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One entry of the demo catalog.json by id. */
    static Map<String, Object> demoEntry(String id) {
        return demoEntries().stream().filter(e -> id.equals(e.get("id"))).findFirst()
                .orElseThrow(() -> new IllegalStateException("the demo catalog has no item " + id));
    }

    private static HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
