package dev.contentpay.platform.http;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client never sends a request again behind its caller's back, except a GET whose connection
 * failed before any answer: a server here closes every odd connection without a byte, as a pooled
 * connection closed by the other end or a reset does.
 */
class ServiceClientRetryTest {

    @Test
    void aGetWhoseConnectionClosedBeforeAnyAnswerGoesOnceMoreAndIsAnswered() throws Exception {
        try (var server = new EveryOtherConnectionClosed()) {
            var client = server.client();
            assertThat(client.get("/report", Map.class)).containsEntry("path", "/report");
            assertThat(server.requests).containsExactly("GET /report", "GET /report");
        }
    }

    @Test
    void aPostWhoseConnectionClosedIsRefusedAsUnavailableAndNotSentAgain() throws Exception {
        try (var server = new EveryOtherConnectionClosed()) {
            var client = server.client();
            assertThatThrownBy(() -> client.post("/notices", Map.of("n", 1), "key-1", Map.class))
                    .isInstanceOf(ContentpayException.class)
                    .satisfies(e -> assertThat(((ContentpayException) e).code()).isEqualTo(ErrorCode.AUTH_UNAVAILABLE));
            assertThat(server.requests).containsExactly("POST /notices");
        }
    }

    @Test
    void aGetIsSentTwiceAtMost() throws Exception {
        try (var server = new EveryOtherConnectionClosed(true)) {
            var client = server.client();
            assertThatThrownBy(() -> client.get("/report", Map.class)).isInstanceOf(ContentpayException.class)
                    .satisfies(e -> assertThat(((ContentpayException) e).code()).isEqualTo(ErrorCode.AUTH_UNAVAILABLE));
            assertThat(server.requests).containsExactly("GET /report", "GET /report");
        }
    }

    /** Reads each request's head; closes odd connections (or all) without a byte and answers the others with the path. */
    private static final class EveryOtherConnectionClosed implements AutoCloseable {
        final List<String> requests = new CopyOnWriteArrayList<>();
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger connections = new AtomicInteger();
        private final boolean closeAll;

        EveryOtherConnectionClosed() throws IOException {
            this(false);
        }

        EveryOtherConnectionClosed(boolean closeAll) throws IOException {
            this.closeAll = closeAll;
            Thread.ofVirtual().start(this::acceptAll);
        }

        ServiceClient client() {
            return new ServiceClient(URI.create("http://127.0.0.1:" + socket.getLocalPort()), Duration.ofSeconds(5),
                    ErrorCode.AUTH_UNAVAILABLE, null, Clock.systemUTC());
        }

        private void acceptAll() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    boolean close = closeAll || connections.incrementAndGet() % 2 == 1;
                    Thread.ofVirtual().start(() -> serve(connection, close));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket connection, boolean close) {
            try (connection) {
                var in = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.ISO_8859_1));
                String first = in.readLine();
                if (first == null) return;
                String[] words = first.split(" ");
                requests.add(words[0] + " " + words[1]);
                for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                    // the rest of the head
                }
                if (close) return;
                byte[] body = ("{\"path\":\"" + words[1] + "\"}").getBytes(StandardCharsets.UTF_8);
                connection.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                connection.getOutputStream().write(body);
            } catch (IOException ignored) {
                // the client went away
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
