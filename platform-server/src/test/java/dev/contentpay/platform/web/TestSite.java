package dev.contentpay.platform.web;

import dev.contentpay.platform.http.WebServer;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Consumer;

/** A real server on a free port with the routes a test gives it, and a client that sends any header. */
final class TestSite implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final Javalin app;

    private TestSite(Consumer<RoutesConfig> routes) {
        this.app = WebServer.create("web-kit-test", () -> true, config -> { }, routes).start("127.0.0.1", 0);
    }

    static TestSite serving(Consumer<RoutesConfig> routes) {
        return new TestSite(routes);
    }

    /** GET {@code path} with {@code headers} given as name, value, name, value... */
    HttpResponse<String> get(String path, String... headers) {
        return send(request(path, headers).GET());
    }

    /** POST the form {@code body} to {@code path} with {@code headers} given as name, value, ... */
    HttpResponse<String> post(String path, String body, String... headers) {
        return send(request(path, headers).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpRequest.Builder request(String path, String... headers) {
        var builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path));
        for (int i = 0; i < headers.length; i += 2) builder.header(headers[i], headers[i + 1]);
        return builder;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("the test request did not complete", e);
        }
    }

    @Override
    public void close() {
        app.stop();
    }
}
