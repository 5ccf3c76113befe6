package dev.contentpay.platform.http;

import com.sun.net.httpserver.HttpServer;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class HttpClientsTest {

    @Test
    void aRequestSaysNoMoreThanItNeedsFollowsNoRedirectSendsNoCookieBackAndHandsA401Over() throws Exception {
        List<Map<String, List<String>>> seen = new CopyOnWriteArrayList<>();
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            seen.add(Map.copyOf(exchange.getRequestHeaders()));
            exchange.getResponseHeaders().add("Set-Cookie", "session=abc; Path=/");
            exchange.getResponseHeaders().add("Location", "/elsewhere");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/locked", exchange -> {
            byte[] problem = "{\"code\":\"bad_credentials\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"subscribers\"");
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(401, problem.length);
            exchange.getResponseBody().write(problem);
            exchange.close();
        });
        server.start();
        var http = HttpClients.start("test", Duration.ofSeconds(3), null);
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/first");
            assertThat(http.newRequest(uri).timeout(5, TimeUnit.SECONDS).send().getStatus()).isEqualTo(302);
            assertThat(http.newRequest(uri).timeout(5, TimeUnit.SECONDS).send().getStatus()).isEqualTo(302);
            assertThat(seen).hasSize(2);
            var names = new ArrayList<String>();
            seen.forEach(headers -> headers.keySet().forEach(name -> names.add(name.toLowerCase(java.util.Locale.ROOT))));
            assertThat(names).doesNotContain("user-agent", "accept-encoding", "cookie");
            var refused = http.newRequest(uri.resolve("/locked")).timeout(5, TimeUnit.SECONDS).send();
            assertThat(refused.getStatus()).as("a 401 is the caller's to read, not a challenge the client answers").isEqualTo(401);
            assertThat(refused.getContentAsString()).contains("bad_credentials");
            assertThat(http.getTransport()).isInstanceOf(HttpClientTransportOverHTTP.class);
            assertThat(http.getConnectTimeout()).isEqualTo(3_000);
            assertThat(http.getIdleTimeout()).isLessThan(30_000);
            assertThat(http.getSslContextFactory().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        } finally {
            HttpClients.stop(http);
            server.stop(0);
        }
    }

    @Test
    void itsThreadsAreDaemonsSoACommandLineEndsWithItsWork() throws Exception {
        var http = HttpClients.start("daemons", Duration.ofSeconds(3), null);
        try {
            var pool = (org.eclipse.jetty.util.thread.QueuedThreadPool) http.getExecutor();
            assertThat(pool.isDaemon()).isTrue();
            assertThat(pool.getVirtualThreadsExecutor()).isNotNull();
            var ran = new java.util.concurrent.CompletableFuture<Thread>();
            http.getScheduler().schedule(() -> ran.complete(Thread.currentThread()), 1, TimeUnit.MILLISECONDS);
            assertThat(ran.get(5, TimeUnit.SECONDS).isDaemon()).isTrue();
        } finally {
            HttpClients.stop(http);
        }
    }
}
