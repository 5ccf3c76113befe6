package dev.contentpay.platform.http;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.error.Problem;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.platform.observe.Metrics;
import dev.contentpay.platform.observe.Readiness;
import dev.contentpay.platform.observe.Trace;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.http.UriCompliance;
import org.slf4j.MDC;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The HTTP bootstrap every contentpay server shares: Javalin on Jetty with virtual threads, strict
 * JSON, problem+json for every error (never a class name or a stack trace), a bounded body size,
 * and the liveness and readiness probes.
 */
public final class WebServer {

    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    public static final long MAX_BODY_BYTES = 64 * 1024;

    private WebServer() {
    }

    /** A server whose only dependency is its database. */
    public static Javalin create(String name, BooleanSupplier database, Consumer<JavalinConfig> configure, Consumer<RoutesConfig> routes) {
        return create(name, Readiness.of(Readiness.check("database", database)), configure, routes);
    }

    public static Javalin create(String name, Readiness readiness, Consumer<JavalinConfig> configure, Consumer<RoutesConfig> routes) {
        return create(name, readiness, null, configure, routes);
    }

    /**
     * A server that, when {@code tls} is given, speaks only TLS 1.2 or 1.3 and requires every
     * client to present a certificate that {@code tls} trusts (mutual TLS, the dedicated line).
     * Javalin takes every route upfront: {@code configure} adjusts the server's settings, then the
     * platform's filters, probes and error answers are registered, then the face's own
     * {@code routes}, so that its filters run after the platform's.
     */
    public static Javalin create(String name, Readiness readiness, javax.net.ssl.SSLContext tls, Consumer<JavalinConfig> configure,
                                 Consumer<RoutesConfig> routes) {
        return create(name, readiness, tls, true, configure, routes);
    }

    /**
     * As above; {@code servesMetrics} false leaves {@code /metrics} out, for a face of a server
     * whose metrics are served on its management port ({@link ManagementPort}).
     */
    public static Javalin create(String name, Readiness readiness, javax.net.ssl.SSLContext tls, boolean servesMetrics,
                                 Consumer<JavalinConfig> configure, Consumer<RoutesConfig> routes) {
        var self = new java.util.concurrent.atomic.AtomicReference<Javalin>();
        var registry = Metrics.of(name);
        Javalin app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            config.startup.startupWatcherEnabled = false;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.http.prefer405over404 = true;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            config.jetty.host = "127.0.0.1";
            config.jetty.modifyHttpConfiguration(http -> http.setUriCompliance(URI_COMPLIANCE));
            config.jetty.modifyServer(WebServer::tuneConnectors);
            if (tls != null) config.jetty.modifyServer(server -> MutualTls.require(server, tls));
            config.jetty.modifyServer(server -> server.setErrorHandler(new BadMessages()));
            configure.accept(config);
            Routes.record(config, self::get);
            platformRoutes(name, readiness, registry, servesMetrics, config.routes);
            routes.accept(config.routes);
        });
        self.set(app);
        return app;
    }

    /**
     * The meters in Prometheus's text format: all of them, or only those named by {@code name[]}
     * parameters, as Prometheus's own exporters take them, so that a watcher asking for two meters
     * every second does not pay for rendering every histogram.
     */
    static String scrape(PrometheusMeterRegistry registry, Context ctx) {
        var names = ctx.queryParams("name[]");
        if (names.isEmpty()) return registry.scrape();
        // A counter's family is named without the _total its sample carries; either name selects it.
        var families = new java.util.HashSet<String>(names);
        for (String name : names) if (name.endsWith("_total")) families.add(name.substring(0, name.length() - "_total".length()));
        return registry.scrape("text/plain; version=0.0.4; charset=utf-8", families);
    }

    /**
     * What every face answers the same way: the filters around each request, the probes, and errors
     * as problems; {@code /metrics} too, unless it is served elsewhere.
     */
    private static void platformRoutes(String name, Readiness readiness, PrometheusMeterRegistry registry, boolean servesMetrics,
                                       RoutesConfig routes) {
        routes.before(ctx -> {
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Cache-Control", "no-store");
            ctx.attribute("started", System.nanoTime());
            // Every line logged about this request carries the purchase's trace id, and every call
            // made for it passes the id on (ServiceClient).
            String traceId = Trace.traceIdOf(ctx.header(Trace.HEADER));
            MDC.put(Trace.MDC_KEY, traceId);
            ctx.header(Trace.HEADER, Trace.traceparent(traceId));
            // Echoed so that the caller can tell this answer from one left over on its connection (ServiceClient).
            String requestId = ctx.header(ServiceClient.REQUEST_ID);
            if (requestId != null && requestId.length() <= 64 && Ids.isWellFormed(requestId)) ctx.header(ServiceClient.REQUEST_ID, requestId);
            RepeatedHeaders.refuse(ctx);
        });
        // One timer a method, route and status, found again without building its name and tags for every request.
        var timers = new java.util.concurrent.ConcurrentHashMap<TimerKey, Timer>();
        routes.after(ctx -> {
            Long started = ctx.attribute("started");
            if (started != null) {
                long nanos = System.nanoTime() - started;
                timers.computeIfAbsent(new TimerKey(ctx.method().name(), route(ctx), ctx.statusCode()), k ->
                        Timer.builder("http.server.requests").description("requests served, by face, route and status")
                                .tag("face", name).tag("method", k.method()).tag("route", k.route())
                                .tag("status", Integer.toString(k.status())).publishPercentileHistogram()
                                .register(registry)).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
                LOG.debug("{} {} {} -> {} in {} ms", name, ctx.method(), ctx.path(), ctx.statusCode(), nanos / 1_000_000);
            }
            // Every 429 and 503 says when to come back, where the refusal did not say it more exactly.
            if (ctx.res().getHeader("Retry-After") == null) {
                if (ctx.statusCode() == 429) ctx.header("Retry-After", "60");
                else if (ctx.statusCode() == 503) ctx.header("Retry-After", "1");
            }
            MDC.remove(Trace.MDC_KEY);
            MDC.remove(Trace.CALLER_MDC_KEY);
            RequestBodies.dropUnread(ctx.req());
        });
        if (servesMetrics) {
            routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(scrape(registry, ctx)));
        }
        routes.get("/health/live", ctx -> ctx.json(java.util.Map.of("status", "up")));
        routes.get("/health/ready", ctx -> ready(ctx, readiness));
        routes.exception(ContentpayException.class, (e, ctx) -> {
            retryAfter(ctx, e);
            problem(ctx, e.toProblem());
        });
        routes.exception(HttpResponseException.class, (e, ctx) -> problem(ctx, Problem.of(fromStatus(e.getStatus()))));
        routes.exception(Exception.class, (e, ctx) -> {
            if (isUnstorableText(e)) {
                // Text the database cannot hold (a NUL in a header or an address on PostgreSQL): the
                // transaction rolled back, so this is the caller's bad input, not our failure.
                problem(ctx, new ContentpayException(ErrorCode.VALIDATION_FAILED, "The request holds text with a character that cannot be stored, such as NUL.").toProblem());
                return;
            }
            LOG.error("{}: unexpected failure on {} {}", name, ctx.method(), ctx.path(), e);
            problem(ctx, Problem.of(ErrorCode.INTERNAL_ERROR));
        });
        for (ErrorCode code : List.of(ErrorCode.NOT_FOUND, ErrorCode.METHOD_NOT_ALLOWED, ErrorCode.PAYLOAD_TOO_LARGE)) {
            routes.error(code.status(), ctx -> {
                if (!isAnswered(ctx)) problem(ctx, Problem.of(code));
            });
        }
    }

    /** The readiness probe's answer: 200 and "ready" when every check is up, else 503 naming the checks. */
    static void ready(Context ctx, Readiness readiness) {
        var checks = readiness.report();
        boolean ok = !checks.containsValue("down");
        ctx.status(ok ? 200 : 503).json(java.util.Map.of("status", ok ? "ready" : "not ready", "checks", checks));
    }

    /**
     * The paths that reach the routes: Javalin's choice (Jetty's LEGACY mode) and, as on Jetty 11,
     * three kinds Jetty 12 would refuse before any handler: a percent-encoding that is not UTF-8
     * (decoded with replacement characters), characters a URI should have encoded ({@code |},
     * {@code "}, {@code {}) and a parameter on a dot segment ({@code /..;x}). Such a path reaches
     * the handler, which refuses it like any unknown id; a NUL or a control character is still
     * refused by Jetty.
     */
    private static final UriCompliance URI_COMPLIANCE = UriCompliance.LEGACY.with("contentpay",
            UriCompliance.Violation.BAD_UTF8_ENCODING, UriCompliance.Violation.ILLEGAL_PATH_CHARACTERS,
            UriCompliance.Violation.AMBIGUOUS_PATH_PARAMETER);

    /**
     * Two settings of every connector, made just before the connectors open.
     * <ul>
     * <li>The JDK's default listen backlog is 50: a burst of new connections beyond it is dropped by
     * the kernel and retried by the client a second later, which a caller with a short time-out
     * sees as the server being down. The queue is deepened.</li>
     * <li>A client keeps an idle connection for reuse up to its own limit (the JDK's HttpClient 30
     * s, as was Jetty's own idle time-out). A server that closes an idle connection at the moment
     * its client reuses it races that client, which then sees its request answered by a closed
     * connection and, for a POST, may not retry. The server keeps idle connections for
     * {@link #IDLE_TIMEOUT}, longer than its clients do, so that the client gives up first.</li>
     * </ul>
     */
    static void tuneConnectors(org.eclipse.jetty.server.Server server) {
        server.addEventListener(new org.eclipse.jetty.util.component.LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(org.eclipse.jetty.util.component.LifeCycle event) {
                for (var connector : server.getConnectors()) {
                    if (connector instanceof org.eclipse.jetty.server.ServerConnector c) {
                        c.setAcceptQueueSize(ACCEPT_QUEUE);
                        c.setIdleTimeout(IDLE_TIMEOUT.toMillis());
                    }
                }
            }
        });
    }

    /** How long a connection may sit idle before the server closes it: twice the common clients' 30 s. */
    static final java.time.Duration IDLE_TIMEOUT = java.time.Duration.ofSeconds(60);

    private static final int ACCEPT_QUEUE = 1024;

    /**
     * The label of a request no route answered (a 404 or 405 of the router itself), as Javalin 6
     * named it, so that dashboards and alerts keep counting it under the same route.
     */
    static final String NO_ROUTE = "No handler matched request path/method (404/405)";

    /**
     * The route template, never the raw path, so that ids do not explode the metric's labels: the
     * HTTP handler that ran, {@link #NO_ROUTE} when none matched, and "unmatched" when a filter
     * refused the request before any could run.
     */
    /** What tells one request timer from another on a face. */
    private record TimerKey(String method, String route, int status) {
    }

    private static String route(Context ctx) {
        var endpoint = ctx.endpoints().lastHttpEndpoint();
        if (endpoint != null) return endpoint.path;
        return ctx.statusCode() == 404 || ctx.statusCode() == 405 ? NO_ROUTE : "unmatched";
    }

    /**
     * Sends the refusal's own wait as {@code Retry-After} where it knows one (a rate limit's next
     * token, the end of a lock); every other 429 says a minute and every 503 a second (the after
     * handler of {@link #create}). Pages that answer a refusal themselves call this too.
     */
    public static void retryAfter(Context ctx, ContentpayException e) {
        if (ctx.res().getHeader("Retry-After") != null) return;
        e.retryAfter().ifPresent(wait -> ctx.header("Retry-After", Long.toString(seconds(wait))));
    }

    /**
     * Makes the face of {@code routes} start a trace of its own for every request (a filter after
     * the platform's) instead of continuing the caller's: for a face that answers another party
     * (the issuer's merchant face), so that the caller's trace id reaches none of this party's
     * further calls. The caller's id stays in this party's log lines as {@link Trace#CALLER_MDC_KEY};
     * the answer's {@code traceparent} continues the caller's own trace, so nothing of this party's
     * crosses back.
     */
    public static void startOwnTraces(RoutesConfig routes) {
        routes.before(ctx -> {
            String callers = MDC.get(Trace.MDC_KEY);
            if (callers != null) MDC.put(Trace.CALLER_MDC_KEY, callers);
            MDC.put(Trace.MDC_KEY, Trace.newTraceId());
        });
    }

    /** Whole seconds for {@code Retry-After}, rounded up, at least 1. */
    static long seconds(java.time.Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    public static void problem(Context ctx, Problem problem) {
        ctx.status(problem.status());
        ctx.contentType(Problem.MEDIA_TYPE);
        ctx.result(Json.write(problem));
    }

    /**
     * Whether the handler answered the error status itself: with a problem document, or with an
     * HTML page for a browser (an unknown item's page). Only otherwise does the platform's problem
     * document take the place of the body.
     */
    private static boolean isAnswered(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && (type.startsWith(Problem.MEDIA_TYPE) || type.startsWith("text/html"));
    }

    private static ErrorCode fromStatus(int status) {
        return switch (status) {
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 401 -> ErrorCode.CLIENT_UNAUTHENTICATED;
            default -> status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.VALIDATION_FAILED;
        };
    }

    /**
     * The request body, refused when it is larger than the server accepts, or when it is declared
     * as something other than JSON (a body without a Content-Type is still parsed strictly as JSON).
     */
    public static byte[] body(Context ctx) {
        long length = ctx.contentLength();
        if (length > MAX_BODY_BYTES) throw new ContentpayException(ErrorCode.PAYLOAD_TOO_LARGE);
        byte[] body = ctx.bodyAsBytes();
        if (body.length > MAX_BODY_BYTES) throw new ContentpayException(ErrorCode.PAYLOAD_TOO_LARGE);
        if (body.length > 0 && !isJsonOrUndeclared(ctx.contentType())) throw new ContentpayException(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
        return body;
    }

    private static boolean isJsonOrUndeclared(String contentType) {
        if (contentType == null || contentType.isBlank()) return true;
        String type = contentType.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
        return type.equals("application/json") || type.startsWith("application/") && type.endsWith("+json");
    }

    public static <T> T read(Context ctx, Class<T> type) {
        return Json.read(body(ctx), type);
    }

    /** PostgreSQL's refusal of a character it cannot store (SQLSTATE 22021, 22P05) anywhere in the causes. */
    static boolean isUnstorableText(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && ("22021".equals(sql.getSQLState()) || "22P05".equals(sql.getSQLState()))) return true;
        }
        return false;
    }
}
