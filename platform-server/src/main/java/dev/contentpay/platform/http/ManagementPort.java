package dev.contentpay.platform.http;

import dev.contentpay.platform.config.ConfigReader;
import dev.contentpay.platform.observe.Readiness;
import io.javalin.Javalin;

import java.net.URI;

/**
 * A server's management port: {@code /metrics} (Prometheus) and {@code /health} (with
 * {@code /health/live} and {@code /health/ready}) on an address of their own, apart from the
 * public port, so that a deployment can show the public port to the world and keep the numbers of
 * its business (requests, settlements, queue depths) to its own network. Off unless
 * {@code management.port} is set; while it is set the public faces stop serving {@code /metrics}
 * and keep their health probes, which load balancers in front of them still ask.
 */
public final class ManagementPort implements AutoCloseable {

    /** Where the management port listens; {@code port} is -1 when there is none. */
    public record Settings(String host, int port) {

        /** No management port: /metrics stays on the public port, as before the setting existed. */
        public static final Settings OFF = new Settings("127.0.0.1", -1);

        public boolean enabled() {
            return port >= 0;
        }

        /** {@code management.host} and {@code management.port}, the same keys on every server. */
        public static Settings read(ConfigReader r) {
            String host = r.string("management.host", "127.0.0.1", "the address the management port listens on; "
                    + "keep it off the public network (0.0.0.0 only inside a container whose port is not published)");
            String port = r.string("management.port", "", "the management port, serving /metrics and /health (also /health/live and "
                    + "/health/ready); 0 picks a free one; empty: none, and /metrics stays on the public port").trim();
            if (port.isEmpty()) return new Settings(host, -1);
            try {
                int number = Integer.parseInt(port);
                r.check(number >= 0 && number <= 65535, "management.port must be a port between 0 and 65535 or empty, not " + port);
                return new Settings(host, number);
            } catch (NumberFormatException e) {
                r.check(false, "management.port must be a port between 0 and 65535 or empty, not '" + port + "'");
                return new Settings(host, -1);
            }
        }
    }

    private final Javalin app;
    private final String host;

    private ManagementPort(Javalin app, String host) {
        this.app = app;
        this.host = host;
    }

    /**
     * Starts the management port of {@code server} ({@code auth}, {@code settlement}, ...): its
     * metrics are the server's own registry, its readiness the same checks the public probes answer.
     * Null when {@code settings} has none.
     */
    public static ManagementPort start(String server, Readiness readiness, Settings settings) {
        if (!settings.enabled()) return null;
        Javalin app = WebServer.create(server + "-management", readiness, null, true, cfg -> cfg.jetty.host = settings.host(),
                routes -> routes.get("/health", ctx -> WebServer.ready(ctx, readiness)));
        app.start(settings.host(), settings.port());
        return new ManagementPort(app, settings.host());
    }

    public URI url() {
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + app.port());
    }

    @Override
    public void close() {
        app.stop();
    }
}
