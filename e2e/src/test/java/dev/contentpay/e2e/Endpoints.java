package dev.contentpay.e2e;

import dev.contentpay.app.Deployment;
import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.crypto.TokenSigner;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.http.RunningServer;
import dev.contentpay.platform.http.Routes;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Every route of every server of a running {@link Deployment}, read from the servers' own route
 * registrations (the platform's {@link Routes} of each face), and a raw HTTP caller that can authenticate as each
 * face expects (operator tokens, the merchant's and the issuer's client assertions, HTTP Basic, a
 * terminal's proof) or send whatever an attacker would: any bytes, any headers, twice.
 */
final class Endpoints {

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH");

    /** One registered route: which face answers it, where, and its path template ({@code /v1/x/{id}}). */
    record Route(String face, URI base, String method, String template) {
        String key() {
            return method + " " + template;
        }

        boolean hasBody() {
            return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        }

        @Override
        public String toString() {
            return face + " " + key();
        }
    }

    /** What came back, raw. */
    record Answer(int status, String contentType, String body) {
        String code() {
            if (!contentType.startsWith("application/problem+json")) return null;
            try {
                var node = Json.MAPPER.readTree(body);
                return node.hasNonNull("code") ? node.get("code").asText() : null;
            } catch (IOException e) {
                return null;
            }
        }

        boolean isCataloguedProblem() {
            String code = code();
            return code != null && Arrays.stream(ErrorCode.values()).anyMatch(c -> c.code().equals(code) && c.status() == status);
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
        }
    }

    /** Requests sent through this caller, for the figures in docs/RELIABILITY.md. */
    final java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();

    private final Deployment deployment;
    private final HttpClient http;
    private final Path dataDir;
    private final Clock clock;
    private final TokenSigner settlementKey;
    private final TokenSigner issuerKey;
    /** An enrolled terminal of the test subscriber, for {@code /v1/terminal/approvals}; set by the test. */
    volatile dev.contentpay.client.TerminalCredential terminal;
    final String subscriber;
    final char[] password;

    Endpoints(Deployment deployment, Path dataDir, Clock clock, String subscriber, char[] password) {
        this.deployment = deployment;
        this.dataDir = dataDir;
        this.clock = clock;
        this.subscriber = subscriber;
        this.password = password;
        // The dedicated line's faces answer only over mutual TLS: this caller presents settlement's certificate.
        this.http = newClient();
        this.settlementKey = new TokenSigner(KeyFiles.loadOrCreate(dataDir.resolve("keys/settlement.jwk"), Deployment.MERCHANT_ID + "-settlement-1"));
        this.issuerKey = new TokenSigner(KeyFiles.loadOrCreate(dataDir.resolve("keys/auth.jwk"), Deployment.ISSUER_ID + "-1"));
    }

    private HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .sslContext(Deployment.certificates(dataDir).context("settlement")).build();
    }

    /** Every route every face of every server registered, with the platform's own probes left out. */
    List<Route> all() {
        var routes = new ArrayList<Route>();
        for (RunningServer server : deployment.servers()) {
            server.faces().forEach((name, base) -> {
                String face = name.replace(" (merchant face)", "-merchant").replace(" (admin face)", "-admin");
                for (var route : Routes.listeningOn(base.getPort())) {
                    if (!METHODS.contains(route.method())) continue;
                    if (route.path().startsWith("/health/") || route.path().equals("/metrics")) continue;
                    routes.add(new Route(face, base, route.method(), route.path()));
                }
            });
        }
        return routes;
    }

    /** The path with its parameters filled in, each value encoded as one path segment. */
    static String fill(String template, Map<String, String> values, String fallback) {
        var out = new StringBuilder();
        for (String segment : template.split("/", -1)) {
            if (!out.isEmpty() || template.startsWith("/")) out.append(out.isEmpty() && segment.isEmpty() ? "" : "/");
            if (segment.startsWith("{") && segment.endsWith("}")) {
                out.append(encodeSegment(values.getOrDefault(segment.substring(1, segment.length() - 1), fallback)));
            } else {
                out.append(segment);
            }
        }
        return out.toString();
    }

    /** Percent-encodes every byte outside the unreserved set, so NUL, '/', '%' and any UTF-8 survive as one segment. */
    static String encodeSegment(String value) {
        return encodeBytes(value.getBytes(StandardCharsets.UTF_8));
    }

    static String encodeBytes(byte[] bytes) {
        var out = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    /** A request under construction: headers may repeat, the body is raw bytes. */
    final class Call {
        final Route route;
        final String path;
        String query = "";
        byte[] body;
        String contentType = "application/json";
        final List<String[]> headers = new ArrayList<>();
        boolean authenticate = true;
        boolean idempotencyKey = true;
        boolean ownConnection;

        Call(Route route, String path) {
            this.route = route;
            this.path = path;
            this.body = route.hasBody() ? "{}".getBytes(StandardCharsets.UTF_8) : null;
        }

        Call body(byte[] raw) {
            this.body = raw;
            return this;
        }

        Call body(String json) {
            return body(json.getBytes(StandardCharsets.UTF_8));
        }

        Call header(String name, String value) {
            headers.add(new String[]{name, value});
            return this;
        }

        Call query(String query) {
            this.query = query;
            return this;
        }

        Call unauthenticated() {
            this.authenticate = false;
            return this;
        }

        /**
         * Sent by a client of its own, closed afterwards: for a request the server may answer by
         * closing the connection while the client still writes, whose connection must not go back
         * to the shared pool for the next request to find dead.
         */
        Call onItsOwnConnection() {
            this.ownConnection = true;
            return this;
        }

        Answer send() {
            var request = HttpRequest.newBuilder(route.base().resolve(path + (query.isEmpty() ? "" : "?" + query)))
                    .timeout(Duration.ofSeconds(30))
                    .method(route.method(), body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            if (contentType != null && body != null) request.header("Content-Type", contentType);
            if (idempotencyKey && route.hasBody()) request.header("Idempotency-Key", UUID.randomUUID().toString());
            if (authenticate) credentials(this).forEach(h -> request.header(h[0], h[1]));
            headers.forEach(h -> request.header(h[0], h[1]));
            HttpClient client = ownConnection ? newClient() : http;
            try {
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                sent.incrementAndGet();
                return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
            } catch (IOException e) {
                throw new IllegalStateException(route + " " + path + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                if (client != http) client.close();
            }
        }
    }

    Call call(Route route, String path) {
        return new Call(route, path);
    }

    /** The headers that prove who calls, as this route's face expects them. */
    List<String[]> credentials(Call call) {
        Route route = call.route;
        String t = route.template();
        return switch (route.face()) {
            case "auth-admin" -> List.<String[]>of(bearer("auth-admin.token"));
            case "auth-merchant" -> List.<String[]>of(assertion(settlementKey, Deployment.MERCHANT_ID, Deployment.ISSUER_ID, call));
            case "bureau" -> List.<String[]>of(assertion(issuerKey, Deployment.ISSUER_ID, Deployment.BUREAU_ID, call));
            case "shop" -> t.startsWith("/v1/contents/")
                    ? List.<String[]>of(assertion(settlementKey, Deployment.MERCHANT_ID, Deployment.MERCHANT_ID + "-shop", call))
                    : t.startsWith("/v1/admin/") ? List.<String[]>of(bearer("shop-admin.token")) : List.of();
            case "settlement" -> t.equals("/v1/issuer-events") ? webhook(call)
                    : t.startsWith("/v1/admin/") || t.equals("/v1/events") || t.startsWith("/admin")
                    ? List.<String[]>of(bearer("settlement-admin.token")) : List.of();
            case "auth" -> authCredentials(call);
            default -> List.of();
        };
    }

    private List<String[]> authCredentials(Call call) {
        String t = call.route.template();
        if (t.startsWith("/v1/terminal/approvals") && terminal != null) {
            var proof = terminal.sign(call.route.method(), call.path, call.body == null ? new byte[0] : call.body, clock.instant());
            return List.of(new String[]{TerminalProof.ID_HEADER, proof.terminalId()}, new String[]{TerminalProof.TIMESTAMP_HEADER, proof.timestamp()},
                    new String[]{TerminalProof.NONCE_HEADER, proof.nonce()}, new String[]{TerminalProof.SIGNATURE_HEADER, proof.signature()});
        }
        if (t.startsWith("/v1/subscriber/") || (t.startsWith("/v1/terminals") && !call.route.method().equals("POST"))) {
            return List.<String[]>of(basic(subscriber, password));
        }
        return List.of();
    }

    /** The issuer's webhook signature over the call's body, as event {@value #WEBHOOK_ID}, with the demo's webhook key. */
    private List<String[]> webhook(Call call) {
        long now = clock.instant().getEpochSecond();
        var key = dev.contentpay.platform.crypto.KeyFiles.loadOrCreate(dataDir.resolve("keys/auth-webhook.jwk"), "unused");
        byte[] body = call.body == null ? new byte[0] : call.body;
        return List.of(new String[]{"webhook-id", WEBHOOK_ID}, new String[]{"webhook-timestamp", Long.toString(now)},
                new String[]{"webhook-signature", dev.contentpay.platform.crypto.WebhookSignatures.sign(key, WEBHOOK_ID, now, body)});
    }

    /** The event id the webhooks of these tests carry. */
    static final String WEBHOOK_ID = "evt_fuzz";

    String[] assertion(TokenSigner key, String caller, String audience, Call call) {
        return new String[]{"Authorization", "Bearer " + ClientAssertions.create(key, caller, audience, call.route.method(), call.path,
                call.body == null ? new byte[0] : call.body, clock)};
    }

    String[] bearer(String tokenFile) {
        try {
            return new String[]{"Authorization", "Bearer " + Files.readString(dataDir.resolve("keys").resolve(tokenFile)).strip()};
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String[] basic(String user, char[] password) {
        return new String[]{"Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + new String(password)).getBytes(StandardCharsets.UTF_8))};
    }

    TokenSigner settlementKey() {
        return settlementKey;
    }

    TokenSigner issuerKey() {
        return issuerKey;
    }

    /** What a refused request must leave as it was. */
    record Snapshot(Map<String, Long> rows, Map<String, String> balances) {
    }

    Snapshot snapshot() {
        return new Snapshot(state(), balances());
    }

    /** Row counts of the tables that hold money, purchases, credentials and accounts, in every server's database. */
    Map<String, Long> state() {
        return STATE_TABLES.entrySet().stream().flatMap(e -> e.getValue().stream().map(table -> Map.entry(e.getKey(), table)))
                .collect(Collectors.toMap(e -> e.getKey() + "." + e.getValue(),
                        e -> Long.parseLong(TestDeployment.rows(dataDir, e.getKey(), "SELECT COUNT(*) FROM " + e.getValue()).get(0).get(0)),
                        (a, b) -> a, java.util.TreeMap::new));
    }

    /** Also the sums that a refused request must not move: reserved and charged budgets, ledger balances. */
    Map<String, String> balances() {
        var out = new java.util.TreeMap<String, String>();
        out.put("auth.budget", TestDeployment.rows(dataDir, "auth", "SELECT COALESCE(SUM(reserved), 0) || '/' || COALESCE(SUM(charged), 0) FROM budget").toString());
        out.put("auth.approval", TestDeployment.rows(dataDir, "auth", "SELECT status, COUNT(*) FROM approval GROUP BY status ORDER BY status").toString());
        out.put("settlement.ledger_balance", TestDeployment.rows(dataDir, "settlement", "SELECT * FROM ledger_balance ORDER BY 1").toString());
        return out;
    }

    private static final Map<String, List<String>> STATE_TABLES = Map.of(
            "auth", List.of("approval", "budget", "use_entry", "subscriber", "terminal", "merchant"),
            "settlement", List.of("settlement", "ledger_journal", "ledger_entry", "outbox", "refund", "download_grant", "approval_outcome"),
            "shop", List.of("shop_order"),
            "bureau", List.of("credit_record"));
}
