package dev.contentpay.platform.http;

import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.crypto.LineMac;
import dev.contentpay.platform.crypto.TokenSigner;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.error.Problem;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A JSON client for one other server, on Jetty's HTTP client ({@link HttpClients}). When it has an identity it signs a
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

    public record Response(int status, byte[] body, Headers headers) {
        public String header(String name) {
            return headers.first(name);
        }
    }

    /** An answer's headers, found by name whatever its case. */
    public record Headers(Map<String, List<String>> byLowerCaseName) {
        static Headers of(HttpFields fields) {
            var map = new HashMap<String, List<String>>();
            for (HttpField field : fields) {
                map.computeIfAbsent(field.getLowerCaseName(), k -> new ArrayList<>(1)).add(field.getValue());
            }
            return new Headers(map);
        }

        /** The first value of the header {@code name}, or null when it is absent. */
        public String first(String name) {
            var values = byLowerCaseName.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The header that names a state-changing request's idempotency key (docs/SYSTEM.md, wire conventions). */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /**
     * A fresh id on every request, which {@link WebServer} echoes on its answer. An answer carrying
     * another id answers another request: a duplicated answer on the line leaves one behind on a
     * pooled connection, where a client would hand it to the next request on it.
     */
    public static final String REQUEST_ID = "Contentpay-Request-Id";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ServiceClient.class);
    /** One client per connect time-out and TLS identity: they pool connections and are meant to be shared. */
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
    /** The longest silence of the other side in a streamed answer ({@link #getStreamed}); the time-out unless {@link #streamSilentAtMost}. */
    private final Duration streamIdle;

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
        this.streamIdle = timeout;
    }

    private ServiceClient(ServiceClient other, boolean ownTraces, Duration streamIdle) {
        this.base = other.base;
        this.timeout = other.timeout;
        this.unavailable = other.unavailable;
        this.identity = other.identity;
        this.clock = other.clock;
        this.clientKey = other.clientKey;
        this.ownTraces = ownTraces;
        this.streamIdle = streamIdle;
    }

    /**
     * This client for calls across a party's boundary (the issuer's towards the bureau, a terminal's
     * towards the issuer): each call starts a trace of its own, so the trace id of the work that
     * made it never reaches the other party. The link between the two is logged here, in the
     * caller's own log, once per call.
     */
    public ServiceClient acrossBoundary() {
        return new ServiceClient(this, true, streamIdle);
    }

    /**
     * This client with its streamed answers ({@link #getStreamed}) given up after {@code idle}
     * without a byte from the other side, before or during the body, instead of after its
     * time-out: a large content's transfer may rightly pause longer than a call may take, or
     * should pause less.
     */
    public ServiceClient streamSilentAtMost(Duration idle) {
        if (idle.isNegative() || idle.isZero()) throw new IllegalArgumentException("a stream's longest silence must be positive, not " + idle);
        return new ServiceClient(this, ownTraces, idle);
    }

    private static HttpClient newClient(ClientKey key) {
        return HttpClients.start(key.tls() == null ? "contentpay-http" : "contentpay-line", key.connectTimeout(), key.tls());
    }

    /** A request about to be sent: its method, its path under the base, its headers in order and its body. */
    private record Call(String method, String path, Map<String, String> headers, byte[] body) {
    }

    /** How long a call waits for its answer. */
    public Duration timeout() {
        return timeout;
    }

    public URI base() {
        return base;
    }

    public <T> T post(String path, Object body, String idempotencyKey, Class<T> type) {
        Map<String, String> headers = idempotencyKey == null ? Map.of() : Map.of(IDEMPOTENCY_KEY, idempotencyKey);
        return decode(sendBound(new Call("POST", path, headers, Json.write(body))), type);
    }

    public <T> T get(String path, Class<T> type) {
        return decode(sendBound(new Call("GET", path, Map.of(), null)), type);
    }

    /**
     * Sends {@code body} (exactly these bytes, as JSON; null for none) with headers of the caller's
     * own (HTTP Basic, a terminal's proof, an idempotency key) and reads the answer as {@code type}.
     */
    public <T> T send(String method, String path, Map<String, String> headers, byte[] body, Class<T> type) {
        return decode(send(new Call(method, path, headers, body), null), type);
    }

    /**
     * Sends {@code call} with the current line key when there is one; when the other end refuses
     * that key (401: expired, or unknown to it), the key is dropped and the same request goes once
     * more with a signed assertion.
     */
    private Response sendBound(Call call) {
        LineMac.Key line = identity == null || identity.line() == null ? null : identity.line().current();
        Response response = send(call, line);
        if (line != null && response.status() == 401) {
            identity.line().refused(line);
            LOG.info("{} refused line key {}; this call goes again with a signed assertion", base.getAuthority(), line.keyId());
            response = send(call, null);
        }
        return response;
    }

    /**
     * POSTs {@code body} as it is, with extra headers (a signed webhook's), and returns the answer
     * whatever its status; silence or a failed connection is thrown, as on every call.
     */
    public Response postRaw(String path, byte[] body, Map<String, String> headers) {
        return send(new Call("POST", path, headers, body), null);
    }

    /**
     * Sends {@code body} (JSON, or null for none) with the caller's headers and returns a successful
     * answer raw, for an answer that is not one JSON document (a {@code multipart/mixed} one, say);
     * a refusal is thrown as from {@link #send(String, String, Map, byte[], Class)}.
     */
    public Response sendForRaw(String method, String path, Map<String, String> headers, byte[] body) {
        Response response = send(new Call(method, path, headers, body), null);
        if (response.status() >= 400) throw problemOf(response);
        return response;
    }

    /** A GET whose successful answer is returned raw (a receipt, a merchant's report). */
    public Response getRaw(String path) {
        return getRaw(path, Map.of());
    }

    /** A raw GET with extra headers. */
    public Response getRaw(String path, Map<String, String> headers) {
        Response response = send(new Call("GET", path, headers, null), null);
        if (response.status() >= 400) throw problemOf(response);
        return response;
    }

    /** What reads a streamed answer's body; it is given the answer's status and headers and must not keep the stream. */
    @FunctionalInterface
    public interface BodyReader<T> {
        T read(int status, Headers headers, java.io.InputStream body) throws IOException;
    }

    /** A refusal's body, read whole, is at most this long: a problem document, never content. */
    private static final int MAX_PROBLEM_BYTES = 64 * 1024;
    /** An answer read whole is at most this long; a longer one is a failure of the other side. Contents are streamed. */
    private static final int MAX_ANSWER_BYTES = 16 * 1024 * 1024;

    /**
     * A GET whose successful answer (below 400) is handed to {@code reader} as a stream, so that a
     * body of any size passes through without being held whole (content downloads). The time-out
     * bounds the wait for the answer's headers, and each silence of the transfer is bounded by the
     * time-out too or by {@link #streamSilentAtMost}; the whole transfer is not, as it may rightly
     * take longer for a large content. A refusal is read (up to 64 KiB) and raised as its problem; a
     * connection lost or silent too long while {@code reader} reads becomes {@code unavailable}, the
     * request aborted. Not for the mutual-TLS lines, whose calls are JSON and bounded by
     * {@link #TLS_CONCURRENCY}.
     */
    public <T> T getStreamed(String path, Map<String, String> headers, BodyReader<T> reader) {
        HttpClient http = CLIENTS.computeIfAbsent(clientKey, ServiceClient::newClient);
        String requestId = dev.contentpay.platform.id.Ids.unique("req");
        Request request = request(http, new Call("GET", path, headers, null), null, requestId).idleTimeout(streamIdle.toMillis(), TimeUnit.MILLISECONDS);
        var listener = new InputStreamResponseListener();
        request.send(listener);
        org.eclipse.jetty.client.Response r;
        try {
            r = listener.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            request.abort(e);
            throw noAnswerInTime(e);
        } catch (ExecutionException e) {
            throw failed(e.getCause());
        } catch (InterruptedException e) {
            request.abort(e);
            Thread.currentThread().interrupt();
            throw new ContentpayException(unavailable, unavailable.title(), e);
        }
        try (java.io.InputStream body = listener.getInputStream()) {
            String echoed = r.getHeaders().get(REQUEST_ID);
            if (echoed != null && !echoed.equals(requestId)) throw strayAnswer(http);
            if (r.getStatus() >= 400) throw problemOf(body.readNBytes(MAX_PROBLEM_BYTES), r.getStatus(), unavailable);
            return reader.read(r.getStatus(), Headers.of(r.getHeaders()), body);
        } catch (IOException e) {
            request.abort(e);
            boolean silent = e instanceof java.io.InterruptedIOException || e.getCause() instanceof TimeoutException;
            throw new ContentpayException(unavailable, unavailable.title() + (silent
                    ? " (the other side sent nothing for " + streamIdle.toSeconds() + " s during the transfer)"
                    : " (the connection was lost during the transfer)"), e);
        }
    }

    /** {@code call} as a request of {@code http}: the caller's headers, then ours, the binding last (it signs the body). */
    private Request request(HttpClient http, Call call, LineMac.Key line, String requestId) {
        URI uri = base.resolve(call.path());
        Request request = http.newRequest(uri).method(call.method());
        var headers = new LinkedHashMap<String, String>();
        headers.put("Accept", "application/json");
        headers.putAll(call.headers());
        headers.put(REQUEST_ID, requestId);
        String traceId = dev.contentpay.platform.observe.Trace.current();
        if (ownTraces) {
            String own = dev.contentpay.platform.observe.Trace.newTraceId();
            LOG.info("{} {} sent as trace {}", call.method(), uri.getRawPath(), own);
            traceId = own;
        }
        if (traceId != null) headers.put(dev.contentpay.platform.observe.Trace.HEADER, dev.contentpay.platform.observe.Trace.traceparent(traceId));
        if (identity != null) {
            byte[] signed = call.body() == null ? new byte[0] : call.body();
            headers.put("Authorization", line != null
                    ? LineMac.authorization(line, identity.audience(), call.method(), uri.getRawPath(), signed, clock.instant())
                    : "Bearer " + ClientAssertions.create(identity.signer(), identity.clientId(), identity.audience(), call.method(), uri.getRawPath(), signed, clock));
        }
        request.headers(fields -> headers.forEach(fields::put));
        if (call.body() != null) request.body(new BytesRequestContent("application/json", call.body()));
        return request;
    }

    private Response send(Call call, LineMac.Key line) {
        if (clientKey.tls() == null) return exchange(call, line, timeout);
        var permits = LINES.computeIfAbsent(clientKey, k -> new java.util.concurrent.Semaphore(TLS_CONCURRENCY, true));
        long started = System.nanoTime();
        try {
            if (!permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) throw noAnswerInTime(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContentpayException(unavailable, unavailable.title(), e);
        }
        try {
            Duration left = timeout.minusNanos(System.nanoTime() - started);
            if (left.isNegative() || left.isZero()) throw noAnswerInTime(null);
            return exchange(call, line, left);
        } finally {
            permits.release();
        }
    }

    private ContentpayException noAnswerInTime(Exception cause) {
        return new ContentpayException(unavailable, unavailable.title() + " (no answer within " + timeout.toMillis() + " ms)", cause);
    }

    /**
     * One request and its answer, read whole. A GET whose connection failed before any answer (a
     * pooled connection the other end had just closed, or a reset) goes once more, within what is
     * left of its time-out, as a browser would; any other request does not: a POST that may have
     * reached the other end is the caller's to repeat, with its idempotency key.
     */
    private Response exchange(Call call, LineMac.Key line, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        try {
            return exchangeOnce(call, line, within);
        } catch (ConnectionFailed e) {
            long left = deadline - System.nanoTime();
            if (!"GET".equals(call.method()) || left <= 0) throw failed(e.getCause());
            LOG.debug("GET {} failed before any answer ({}); sent once more", call.path(), rootMessage(e.getCause()));
            try {
                return exchangeOnce(call, line, Duration.ofNanos(left));
            } catch (ConnectionFailed again) {
                throw failed(again.getCause());
            }
        }
    }

    /** A request that got no answer because its connection failed (not a time-out, not the TLS handshake). */
    private static final class ConnectionFailed extends Exception {
        ConnectionFailed(Throwable cause) {
            super(cause);
        }
    }

    private Response exchangeOnce(Call call, LineMac.Key line, Duration within) throws ConnectionFailed {
        HttpClient http = CLIENTS.computeIfAbsent(clientKey, ServiceClient::newClient);
        String requestId = dev.contentpay.platform.id.Ids.unique("req");
        var answered = new java.util.concurrent.atomic.AtomicBoolean();
        Request request = request(http, call, line, requestId).timeout(within.toMillis(), TimeUnit.MILLISECONDS)
                .onResponseBegin(begun -> answered.set(true));
        ContentResponse r;
        try {
            r = new CompletableResponseListener(request, MAX_ANSWER_BYTES).send().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (answered.get() || cause instanceof TimeoutException || isTls(cause) || !(cause instanceof IOException)) throw failed(cause);
            throw new ConnectionFailed(cause);
        } catch (InterruptedException e) {
            request.abort(e);
            Thread.currentThread().interrupt();
            throw new ContentpayException(unavailable, unavailable.title(), e);
        }
        String echoed = r.getHeaders().get(REQUEST_ID);
        if (echoed != null && !echoed.equals(requestId)) throw strayAnswer(http);
        return new Response(r.getStatus(), r.getContent(), Headers.of(r.getHeaders()));
    }

    /** Why a request got no answer, as this side raises it: out of time, the secure line failed, or no connection. */
    private ContentpayException failed(Throwable cause) {
        if (cause instanceof TimeoutException) return noAnswerInTime((Exception) cause);
        if (isTls(cause)) {
            // Said in the caller's log, where an operator looks; the buyer is only told the line failed.
            LOG.warn("the TLS connection with {} failed: {}; if it fails again, check the certificates on both ends (contentpay doctor)",
                    base.getAuthority(), rootMessage(cause));
            return new ContentpayException(unavailable, unavailable.title() + " (the secure connection to " + base.getHost() + " could not be established)", cause);
        }
        return new ContentpayException(unavailable, unavailable.title(), cause);
    }

    /**
     * The connection this answer came on is out of step with its requests for good: the client
     * and its connections are let go, so that the next request opens a fresh one.
     */
    private ContentpayException strayAnswer(HttpClient http) {
        if (CLIENTS.remove(clientKey, http)) HttpClients.stop(http);
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
