package dev.contentpay.platform.http;

import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.crypto.LineMac;
import dev.contentpay.platform.crypto.TokenSigner;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.error.Problem;

import dev.contentpay.platform.tls.TlsFiles;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * A JSON client for one other server, on the JDK's HttpClient. When it has an identity it signs a
 * client assertion for every call. A problem+json answer becomes a {@link ContentpayException}
 * carrying the other server's code; no answer in time, or no connection, becomes
 * {@code unavailable}, which the caller chose for this dependency. Given an SSL context, it speaks
 * only TLS 1.3 or 1.2 to an https server, presents the context's certificate and trusts only the
 * context's authority (mutual TLS, the dedicated line); the assertion still binds each request.
 */
public final class ServiceClient {

    /**
     * Who this client is to the other server, and the name the other server expects as audience.
     * With {@code line}, calls are bound by a line MAC ({@link LineMac}) while the source holds a
     * key, and by a signed assertion otherwise.
     */
    public record Identity(String clientId, TokenSigner signer, String audience, LineKeySource line) {
        public Identity(String clientId, TokenSigner signer, String audience) {
            this(clientId, signer, audience, null);
        }
    }

    /** Where a client finds its current line key; asked before every call, told when the other end refused one. */
    public interface LineKeySource {
        /** A key valid for a while yet, or null to use a signed assertion for this call. */
        LineMac.Key current();

        /** The other end refused a call made with {@code key}: do not offer it again. */
        void refused(LineMac.Key key);
    }

    public record Response(int status, byte[] body, Map<String, java.util.List<String>> headers) {
        public String header(String name) {
            var values = headers.get(name.toLowerCase());
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The header that names a state-changing request's idempotency key (docs/SYSTEM.md, wire conventions). */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /**
     * A fresh id on every request, which {@link WebServer} echoes on its answer. An answer carrying
     * another id answers another request: a duplicated answer on the line leaves one behind on a
     * pooled HTTPS connection, and the JDK's client hands it to the next request on it.
     */
    public static final String REQUEST_ID = "Contentpay-Request-Id";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ServiceClient.class);
    /** One JDK client per connect time-out and TLS identity: they pool connections and are meant to be shared. */
    private static final Map<ClientKey, HttpClient> CLIENTS = new java.util.concurrent.ConcurrentHashMap<>();

    private record ClientKey(Duration connectTimeout, SSLContext tls) {
    }

    /**
     * At most this many requests at once on one mutual-TLS line; more wait their turn within their
     * own time-out. Every concurrent request opens its own connection, so a burst of 200 requests
     * is 200 mutual-TLS handshakes on each side at once; a bounded set of kept-alive connections
     * does far fewer (measurements in docs/DECISIONS.md).
     */
    private static final int TLS_CONCURRENCY = 16;
    private static final Map<ClientKey, java.util.concurrent.Semaphore> LINES = new java.util.concurrent.ConcurrentHashMap<>();

    private final URI base;
    private final Duration timeout;
    private final ErrorCode unavailable;
    private final Identity identity;
    private final Clock clock;
    private final ClientKey clientKey;
    /** Whether each call starts a trace of its own instead of passing this thread's on ({@link #acrossBoundary}). */
    private final boolean ownTraces;

    public ServiceClient(URI base, Duration timeout, ErrorCode unavailable, Identity identity, Clock clock) {
        this(base, timeout, unavailable, identity, clock, null);
    }

    public ServiceClient(URI base, Duration timeout, ErrorCode unavailable, Identity identity, Clock clock, SSLContext tls) {
        this.base = base;
        this.timeout = timeout;
        this.unavailable = unavailable;
        this.identity = identity;
        this.clock = clock;
        // A host that never completes the handshake must not outlast the caller's own time-out.
        Duration connect = timeout.compareTo(MAX_CONNECT_TIMEOUT) < 0 ? timeout : MAX_CONNECT_TIMEOUT;
        this.clientKey = new ClientKey(connect, tls);
        this.ownTraces = false;
    }

    private ServiceClient(ServiceClient other, boolean ownTraces) {
        this.base = other.base;
        this.timeout = other.timeout;
        this.unavailable = other.unavailable;
        this.identity = other.identity;
        this.clock = other.clock;
        this.clientKey = other.clientKey;
        this.ownTraces = ownTraces;
    }

    /**
     * This client for calls across a party's boundary (the issuer's towards the bureau, a terminal's
     * towards the issuer): each call starts a trace of its own, so the trace id of the work that
     * made it never reaches the other party. The link between the two is logged here, in the
     * caller's own log, once per call.
     */
    public ServiceClient acrossBoundary() {
        return new ServiceClient(this, true);
    }

    private static HttpClient newClient(ClientKey key) {
        var builder = HttpClients.builder(key.connectTimeout());
        if (key.tls() != null) builder.sslContext(key.tls()).sslParameters(TlsFiles.clientParameters(key.tls()));
        return builder.build();
    }

    /** How long a call waits for its answer. */
    public Duration timeout() {
        return timeout;
    }

    public URI base() {
        return base;
    }

    public <T> T post(String path, Object body, String idempotencyKey, Class<T> type) {
        byte[] json = Json.write(body);
        return decode(sendBound(line -> {
            var builder = request(path, "POST", json, line).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json));
            if (idempotencyKey != null) builder.header(IDEMPOTENCY_KEY, idempotencyKey);
            return builder.build();
        }), type);
    }

    public <T> T get(String path, Class<T> type) {
        return decode(sendBound(line -> request(path, "GET", new byte[0], line).GET().build()), type);
    }

    /**
     * Sends a request made by {@code make}, with the current line key when there is one; when the
     * other end refuses that key (401: expired, or unknown to it), the key is dropped and the same
     * request goes once more with a signed assertion.
     */
    private Response sendBound(java.util.function.Function<LineMac.Key, HttpRequest> make) {
        LineMac.Key line = identity == null || identity.line() == null ? null : identity.line().current();
        Response response = send(make.apply(line));
        if (line != null && response.status() == 401) {
            identity.line().refused(line);
            LOG.info("{} refused line key {}; this call goes again with a signed assertion", base.getAuthority(), line.keyId());
            response = send(make.apply(null));
        }
        return response;
    }

    /**
     * POSTs {@code body} as it is, with extra headers (a signed webhook's), and returns the answer
     * whatever its status; silence or a failed connection is thrown, as on every call.
     */
    public Response postRaw(String path, byte[] body, Map<String, String> headers) {
        var builder = request(path, "POST", body, null).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(builder::header);
        return send(builder.build());
    }

    /** A GET whose successful answer is returned raw (content downloads). */
    public Response getRaw(String path) {
        return getRaw(path, Map.of());
    }

    /** A raw GET with extra headers. */
    public Response getRaw(String path, Map<String, String> headers) {
        var builder = request(path, "GET", new byte[0], null).GET();
        headers.forEach(builder::header);
        Response response = send(builder.build());
        if (response.status() >= 400) throw problemOf(response);
        return response;
    }

    /** What reads a streamed answer's body; it is given the answer's status and headers and must not keep the stream. */
    @FunctionalInterface
    public interface BodyReader<T> {
        T read(int status, java.net.http.HttpHeaders headers, java.io.InputStream body) throws IOException;
    }

    /** A refusal's body, read whole, is at most this long: a problem document, never content. */
    private static final int MAX_PROBLEM_BYTES = 64 * 1024;

    /**
     * A GET whose successful answer (below 400) is handed to {@code reader} as a stream, so that a
     * body of any size passes through without being held whole (content downloads). The time-out
     * bounds the wait for the answer's headers, not the body's transfer, which may rightly take
     * longer for a large content. A refusal is read (up to 64 KiB) and raised as its problem; a
     * connection lost while {@code reader} reads becomes {@code unavailable}. Not for the mutual-TLS
     * lines, whose calls are JSON and bounded by {@link #TLS_CONCURRENCY}.
     */
    public <T> T getStreamed(String path, Map<String, String> headers, BodyReader<T> reader) {
        var builder = request(path, "GET", new byte[0], null).GET();
        headers.forEach(builder::header);
        HttpRequest request = builder.build();
        HttpClient http = CLIENTS.computeIfAbsent(clientKey, ServiceClient::newClient);
        HttpResponse<java.io.InputStream> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw noAnswerInTime(e);
        } catch (IOException e) {
            throw new ContentpayException(unavailable, unavailable.title(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContentpayException(unavailable, unavailable.title(), e);
        }
        try (java.io.InputStream body = r.body()) {
            String echoed = r.headers().firstValue(REQUEST_ID).orElse(null);
            if (echoed != null && !echoed.equals(request.headers().firstValue(REQUEST_ID).orElse(null))) throw strayAnswer(http);
            if (r.statusCode() >= 400) throw problemOf(body.readNBytes(MAX_PROBLEM_BYTES), r.statusCode(), unavailable);
            return reader.read(r.statusCode(), r.headers(), body);
        } catch (IOException e) {
            throw new ContentpayException(unavailable, unavailable.title() + " (the connection was lost during the transfer)", e);
        }
    }

    private HttpRequest.Builder request(String path, String method, byte[] body, LineMac.Key line) {
        var builder = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).header("Accept", "application/json")
                .header(REQUEST_ID, dev.contentpay.platform.id.Ids.random("req"));
        String traceId = dev.contentpay.platform.observe.Trace.current();
        if (ownTraces) {
            String own = dev.contentpay.platform.observe.Trace.newTraceId();
            LOG.info("{} {} sent as trace {}", method, base.resolve(path).getRawPath(), own);
            traceId = own;
        }
        if (traceId != null) builder.header(dev.contentpay.platform.observe.Trace.HEADER, dev.contentpay.platform.observe.Trace.traceparent(traceId));
        if (identity != null) {
            String rawPath = base.resolve(path).getRawPath();
            builder.header("Authorization", line != null
                    ? LineMac.authorization(line, identity.audience(), method, rawPath, body, clock.instant())
                    : "Bearer " + ClientAssertions.create(identity.signer(), identity.clientId(), identity.audience(), method, rawPath, body, clock));
        }
        return builder;
    }

    private Response send(HttpRequest request) {
        if (clientKey.tls() == null) return exchange(request);
        var line = LINES.computeIfAbsent(clientKey, k -> new java.util.concurrent.Semaphore(TLS_CONCURRENCY, true));
        long started = System.nanoTime();
        try {
            if (!line.tryAcquire(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)) throw noAnswerInTime(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContentpayException(unavailable, unavailable.title(), e);
        }
        try {
            Duration left = timeout.minusNanos(System.nanoTime() - started);
            if (left.isNegative() || left.isZero()) throw noAnswerInTime(null);
            return exchange(HttpRequest.newBuilder(request, (name, value) -> true).timeout(left).build());
        } finally {
            line.release();
        }
    }

    private ContentpayException noAnswerInTime(Exception cause) {
        return new ContentpayException(unavailable, unavailable.title() + " (no answer within " + timeout.toMillis() + " ms)", cause);
    }

    private Response exchange(HttpRequest request) {
        HttpClient http = CLIENTS.computeIfAbsent(clientKey, ServiceClient::newClient);
        try {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            String sent = request.headers().firstValue(REQUEST_ID).orElse(null);
            String echoed = r.headers().firstValue(REQUEST_ID).orElse(null);
            if (echoed != null && !echoed.equals(sent)) throw strayAnswer(http);
            return new Response(r.statusCode(), r.body(), r.headers().map());
        } catch (HttpTimeoutException e) {
            throw noAnswerInTime(e);
        } catch (IOException e) {
            if (isTls(e)) {
                // Said in the caller's log, where an operator looks; the buyer is only told the line failed.
                LOG.warn("the TLS connection with {} failed: {}; if it fails again, check the certificates on both ends (contentpay doctor)",
                        base.getAuthority(), rootMessage(e));
                throw new ContentpayException(unavailable, unavailable.title() + " (the secure connection to " + base.getHost() + " could not be established)", e);
            }
            throw new ContentpayException(unavailable, unavailable.title(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContentpayException(unavailable, unavailable.title(), e);
        }
    }

    /**
     * The connection this answer came on is out of step with its requests for good: the client
     * and its connections are let go, so that the next request opens a fresh one.
     */
    private ContentpayException strayAnswer(HttpClient http) {
        if (CLIENTS.remove(clientKey, http)) http.shutdown();
        LOG.warn("an answer to another request arrived from {} (an answer duplicated on the line); it was discarded and the connections renewed",
                base.getAuthority());
        return new ContentpayException(unavailable, unavailable.title() + " (the answer received belonged to another request)");
    }

    private static boolean isTls(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) return true;
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private <T> T decode(Response response, Class<T> type) {
        if (response.status() >= 400) throw problemOf(response);
        try {
            return Json.readAnswer(response.body(), type);
        } catch (IOException e) {
            throw new ContentpayException(unavailable, "The answer from " + base.getHost() + " could not be read.", e);
        }
    }

    private ContentpayException problemOf(Response response) {
        return problemOf(response.body(), response.status(), unavailable);
    }

    /** {@link #problemOf(Problem, int, ErrorCode)} of an answer's body, which may not be a problem document at all. */
    public static ContentpayException problemOf(byte[] body, int status, ErrorCode unavailable) {
        Problem problem = null;
        try {
            problem = Json.readAnswer(body, Problem.class);
        } catch (IOException | RuntimeException ignored) {
            // Not a problem document: answered by its status alone.
        }
        return problemOf(problem, status, unavailable);
    }

    /**
     * The refusal another service answered, as this side raises it: the problem's own code when it
     * names one; otherwise, by the status alone, {@code unavailable} (the other side failed, so a
     * retry may help) for a 5xx and {@code internal_error} for anything else. One rule for every
     * client of another service and for each item of a batch, so a refusal reads the same whichever
     * way it came.
     */
    public static ContentpayException problemOf(Problem problem, int status, ErrorCode unavailable) {
        if (problem != null && problem.code() != null) return problem.toException();
        ErrorCode code = status >= 500 ? unavailable : ErrorCode.INTERNAL_ERROR;
        return new ContentpayException(code, code.title() + " (HTTP " + status + ")");
    }
}
