package dev.contentpay.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network fault between settlement and the issuer's merchant face: it forwards every call to the
 * real auth, and on demand answers a judgement late (the allowance exists, but arrives after
 * settlement gave up), loses the acknowledgement of a payment notice auth has applied (as if auth
 * died after its commit), refuses notices without forwarding them (as if auth were down), or
 * replaces the allowance in a judgement's answer (a forged answer). Settlement reaches it over
 * plain HTTP; it reaches auth's merchant face over mutual TLS with settlement's certificate, so it
 * terminates the TLS it needs to see and change answers.
 */
final class IssuerProxy implements AutoCloseable {

    private static final List<String> FORWARDED = List.of("Authorization", "Idempotency-Key", "Content-Type", "Accept");

    private final URI target;
    private final HttpClient http;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    /** Judgements are answered this much later than auth answered them; null for at once. */
    volatile Duration judgeDelay;
    /** Payment notices are refused without reaching auth. */
    volatile boolean noticesDown;
    /** This many payment notices reach auth and are applied, but their acknowledgement is lost. */
    final AtomicInteger lostNoticeAcks = new AtomicInteger();
    final AtomicInteger noticesForwarded = new AtomicInteger();
    /** When set, the allowance token in each judgement's answer is replaced by what this makes of it (a forged answer). */
    volatile java.util.function.UnaryOperator<String> allowanceRewrite;

    IssuerProxy(URI target, javax.net.ssl.SSLContext tls) throws IOException {
        this.target = target;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls).build();
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::forward);
        server.setExecutor(executor);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            boolean notice = path.endsWith("/payment-notices") || path.endsWith("/payment-notice-batches");
            if (notice && noticesDown) {
                reply(exchange, 503, "text/plain", "the issuer is down".getBytes(StandardCharsets.UTF_8));
                return;
            }
            HttpResponse<byte[]> answer = send(exchange);
            if (notice) noticesForwarded.incrementAndGet();
            Duration delay = judgeDelay;
            boolean judgement = path.endsWith("/judgements") || path.endsWith("/judgement-batches");
            if (judgement && delay != null) TestDeployment.sleep(delay.toMillis());
            if (notice && lostNoticeAcks.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                reply(exchange, 502, "text/plain", "the acknowledgement was lost".getBytes(StandardCharsets.UTF_8));
                return;
            }
            byte[] body = answer.body();
            var rewrite = allowanceRewrite;
            if (judgement && rewrite != null && answer.statusCode() == 200) {
                var judged = dev.contentpay.platform.http.Json.MAPPER.readTree(body);
                // A judgement alone answers the allowance itself; a batch, one result a judgement.
                var allowed = new java.util.ArrayList<com.fasterxml.jackson.databind.JsonNode>();
                if (judged.has("results")) judged.get("results").forEach(r -> { if (r.has("allowance")) allowed.add(r.get("allowance")); });
                else allowed.add(judged);
                for (var node : allowed) {
                    ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("allowance", rewrite.apply(node.get("allowance").asText()));
                }
                body = dev.contentpay.platform.http.Json.write(judged);
            }
            reply(exchange, answer.statusCode(), answer.headers().firstValue("Content-Type").orElse("application/json"), body);
        }
    }

    private HttpResponse<byte[]> send(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        var request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String header : FORWARDED) {
            String value = exchange.getRequestHeaders().getFirst(header);
            if (value != null) request.header(header, value);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void reply(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
