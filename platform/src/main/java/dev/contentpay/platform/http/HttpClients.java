package dev.contentpay.platform.http;

import dev.contentpay.platform.tls.TlsFiles;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

import javax.net.ssl.SSLContext;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * Every HTTP client a server or a terminal of ours starts to call another party: Jetty's, over
 * HTTP/1.1, the line the servers already run (docs/DECISIONS.md, "Jetty's HTTP client between the
 * parties"). A loopback exchange through it cost about half the CPU of one through the JDK's
 * HttpClient (docs/BENCHMARKS.md, "The HTTP client").
 *
 * <p>Each client: a connect time-out; its blocking work on virtual threads and its selector on a
 * platform thread; daemon threads only, so a command line ends when its work does; no redirects
 * followed, no cookies kept, no compressed answers asked for and no {@code User-Agent} (a party says
 * no more about itself than the request needs); pooled connections let go after
 * {@link #IDLE_TIMEOUT}, before the servers' own idle time-out closes them under a request. It never
 * sends a request again by itself: a POST that may have reached the other end is the caller's to
 * repeat, with its idempotency key.
 */
public final class HttpClients {

    /** Shorter than a server's idle time-out (Jetty's default, 30 s), so a pooled connection is closed here first. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(20);
    /** Connections at once to one other server; more requests wait in the client's queue, within their own time-out. */
    static final int MAX_CONNECTIONS_PER_SERVER = 256;
    private static final int MAX_QUEUED_PER_SERVER = 65_536;

    private HttpClients() {
    }

    /**
     * A started client with {@code connectTimeout}; with {@code tls}, it speaks TLS 1.3 or 1.2 with
     * the suites of {@link TlsFiles}, presents that context's certificate and trusts only its
     * authorities (the dedicated line); without, https is checked against the JDK's own authorities.
     * The host name is verified either way.
     */
    public static HttpClient start(String name, Duration connectTimeout, SSLContext tls) {
        var ssl = new SslContextFactory.Client();
        if (tls != null) {
            ssl.setSslContext(tls);
            TlsFiles.restrict(ssl);
        }
        ssl.setEndpointIdentificationAlgorithm("HTTPS");
        var connector = new ClientConnector();
        connector.setSslContextFactory(ssl);
        connector.setConnectTimeout(connectTimeout);
        connector.setIdleTimeout(IDLE_TIMEOUT);
        var threads = new QueuedThreadPool();
        threads.setName(name);
        threads.setDaemon(true);
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        var http = new HttpClient(new HttpClientTransportOverHTTP(connector));
        http.setExecutor(threads);
        http.setScheduler(new ScheduledExecutorScheduler(name + "-scheduler", true));
        http.setConnectTimeout(connectTimeout.toMillis());
        http.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        http.setFollowRedirects(false);
        http.setHttpCookieStore(new HttpCookieStore.Empty());
        http.setUserAgentField(null);
        http.setMaxConnectionsPerDestination(MAX_CONNECTIONS_PER_SERVER);
        http.setMaxRequestsQueuedPerDestination(MAX_QUEUED_PER_SERVER);
        try {
            http.start();
            // Emptied once started: starting fills an empty set with the gzip decoder. No protocol
            // handlers either: a 401 is the caller's to read, not a challenge for the client to answer.
            http.getContentDecoderFactories().clear();
            http.getProtocolHandlers().clear();
        } catch (Exception e) {
            throw new IllegalStateException("the HTTP client " + name + " could not start", e);
        }
        return http;
    }

    /** Stops {@code http} and lets its connections go; a failure to stop is of no consequence to the caller. */
    public static void stop(HttpClient http) {
        try {
            http.stop();
        } catch (Exception ignored) {
            // Its connections are closed or closing either way.
        }
    }
}
