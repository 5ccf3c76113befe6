package dev.contentpay.platform.http;

import dev.contentpay.platform.tls.TlsFiles;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import javax.net.ssl.SSLContext;

/**
 * Puts TLS in front of a server's connectors: TLS 1.3 or 1.2 only, forward-secret AEAD suites
 * only, and a client certificate the context trusts, without which the handshake fails. Javalin
 * makes its one connector when the server starts, so the TLS layer is added just before the
 * connectors open.
 */
final class MutualTls {

    private MutualTls() {
    }

    static void require(Server server, SSLContext context) {
        server.addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                for (var connector : server.getConnectors()) {
                    if (connector instanceof ServerConnector c && c.getConnectionFactory(SslConnectionFactory.class) == null) {
                        c.addFirstConnectionFactory(new SslConnectionFactory(factory(context), c.getDefaultProtocol()));
                        // The peer's certificate chain reaches the request (jakarta.servlet.request.X509Certificate),
                        // so that a server can tell whose certificate opened the connection. The host the client
                        // asked for is not checked against the server's certificate: the lines run on loopback addresses.
                        var http = c.getConnectionFactory(HttpConnectionFactory.class);
                        if (http != null && http.getHttpConfiguration().getCustomizer(SecureRequestCustomizer.class) == null) {
                            http.getHttpConfiguration().addCustomizer(new SecureRequestCustomizer(false));
                        }
                    }
                }
            }
        });
    }

    private static SslContextFactory.Server factory(SSLContext context) {
        var factory = new SslContextFactory.Server();
        factory.setSslContext(context);
        factory.setNeedClientAuth(true);
        return TlsFiles.restrict(factory);
    }
}
