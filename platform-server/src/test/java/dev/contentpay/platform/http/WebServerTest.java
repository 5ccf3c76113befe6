package dev.contentpay.platform.http;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class WebServerTest {

    /**
     * A connection the server closes as idle at the moment a client reuses it fails that client's
     * request with no answer: the server must keep idle connections longer than the JDK's HttpClient
     * (30 s unless {@code jdk.httpclient.keepalive.timeout} says otherwise) and our own client do.
     */
    @Test
    void connectorsOutwaitTheirClientsIdleConnections() throws Exception {
        var server = new org.eclipse.jetty.server.Server();
        var connector = new org.eclipse.jetty.server.ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        WebServer.tuneConnectors(server);
        server.start();
        try {
            long jdkKeepAlive = Long.getLong("jdk.httpclient.keepalive.timeout", 30) * 1000;
            assertThat(connector.getIdleTimeout()).isGreaterThan(jdkKeepAlive).isGreaterThan(HttpClients.IDLE_TIMEOUT.toMillis())
                    .isEqualTo(WebServer.IDLE_TIMEOUT.toMillis());
            assertThat(connector.getAcceptQueueSize()).isEqualTo(1024);
        } finally {
            server.stop();
        }
    }

    @Test
    void postgresRefusingACharacterIsTheCallersBadInputWhereverItIsWrapped() {
        var refusal = new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021");
        assertThat(WebServer.isUnstorableText(new IllegalStateException("statement failed", refusal))).isTrue();
        assertThat(WebServer.isUnstorableText(new IllegalStateException(new SQLException("deadlock", "40P01")))).isFalse();
        assertThat(WebServer.isUnstorableText(new IllegalStateException("no database involved"))).isFalse();
    }
}
