package dev.contentpay.platform.tls;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.ServiceClient;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLServerSocket;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A line out of step with its requests, as one that duplicated an answer leaves a connection:
 * over HTTPS the JDK's client can keep such a connection in its pool with the extra answer waiting
 * in it, and hands that answer to the next request (seen on JDK 25 with a duplicate written right
 * behind the first answer; the timing decides). Here the server is made to answer the second
 * request with the first one's answer, every time, so that the client's guard is tested
 * deterministically: it must never take one request's answer for another's.
 */
class StrayAnswerTest {

    @Test
    void anAnswerLeftOverOnAPooledConnectionIsNeverTakenForTheNextRequestsAnswer() throws Exception {
        var ca = Certificates.authority("ca", Instant.now().minusSeconds(60), Duration.ofDays(1));
        var server = Certificates.issue(ca, "auth", Certificates.LOCAL_HOSTS, Instant.now().minusSeconds(60), Duration.ofDays(1));
        var client = Certificates.issue(ca, "settlement", Certificates.LOCAL_HOSTS, Instant.now().minusSeconds(60), Duration.ofDays(1));
        try (var socket = (SSLServerSocket) TlsFiles.context(server, ca.certificate()).getServerSocketFactory().createServerSocket(0)) {
            socket.setNeedClientAuth(true);
            Thread.ofVirtual().start(() -> acceptAll(socket));
            var line = new ServiceClient(URI.create("https://127.0.0.1:" + socket.getLocalPort()), Duration.ofSeconds(5),
                    ErrorCode.AUTH_UNAVAILABLE, null, Clock.systemUTC(), TlsFiles.context(client, ca.certificate()));

            assertThat(line.get("/first", Map.class)).containsEntry("path", "/first");
            assertThatThrownBy(() -> line.get("/second", Map.class)).isInstanceOf(ContentpayException.class)
                    .satisfies(e -> assertThat(((ContentpayException) e).code()).isEqualTo(ErrorCode.AUTH_UNAVAILABLE))
                    .hasMessageContaining("belonged to another request");
            assertThat(line.get("/third", Map.class)).containsEntry("path", "/third");
        }
    }

    private static void acceptAll(SSLServerSocket socket) {
        try {
            while (true) {
                Socket connection = socket.accept();
                Thread.ofVirtual().start(() -> answer(connection));
            }
        } catch (Exception e) {
            // The test is over.
        }
    }

    /** Answers every request with its path and echoed request id, except /second, which gets the previous answer again. */
    private static void answer(Socket connection) {
        try (connection) {
            var in = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.ISO_8859_1));
            byte[] previous = null;
            for (String start; (start = in.readLine()) != null; ) {
                String path = start.split(" ")[1];
                String id = "";
                for (String header; !(header = in.readLine()).isEmpty(); ) {
                    if (header.regionMatches(true, 0, ServiceClient.REQUEST_ID + ":", 0, ServiceClient.REQUEST_ID.length() + 1)) {
                        id = header.substring(ServiceClient.REQUEST_ID.length() + 1).trim();
                    }
                }
                String body = "{\"path\":\"" + path + "\"}";
                byte[] answer = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + ServiceClient.REQUEST_ID + ": " + id
                        + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1);
                connection.getOutputStream().write(path.equals("/second") && previous != null ? previous : answer);
                connection.getOutputStream().flush();
                previous = answer;
            }
        } catch (Exception e) {
            // The client went away.
        }
    }
}
