package dev.contentpay.platform.http;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The routes a face registers, method and path template, recorded by {@link WebServer} as Javalin
 * adds each handler. They are looked up by the port the face listens on, so that a test can hold a
 * running face's API document against what its code really answers, and neither can drift.
 */
public final class Routes {

    /** One registered route: an HTTP method and Javalin's path template ({@code /v1/items/{id}}). */
    public record Route(String method, String path) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static final Map<Integer, List<Route>> LISTENING = new ConcurrentHashMap<>();

    private Routes() {
    }

    /**
     * Records every HTTP route added to the app being configured, from its start until it stops;
     * called before any route is added, since Javalin tells of each as it is added.
     */
    static void record(JavalinConfig config, Supplier<Javalin> app) {
        var routes = new CopyOnWriteArrayList<Route>();
        config.events.handlerAdded(handler -> {
            // Filters (before, after) are not routes: only HTTP methods answer a request.
            if (handler.getHttpMethod().isHttpMethod()) routes.add(new Route(handler.getHttpMethod().name(), handler.getPath()));
        });
        int[] port = {-1};
        config.events.serverStarted(() -> {
            port[0] = app.get().port();
            LISTENING.put(port[0], List.copyOf(routes));
        });
        config.events.serverStopped(() -> LISTENING.remove(port[0]));
    }

    /** The routes of the face listening on {@code port} in this process; empty when there is none. */
    public static List<Route> listeningOn(int port) {
        return LISTENING.getOrDefault(port, List.of());
    }
}
