package dev.contentpay.platform.http;

import io.javalin.Javalin;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutesTest {

    @Test
    void aStartedFaceListsEveryRouteItRegisteredButNoFilterAndForgetsThemWhenStopped() {
        Javalin app = WebServer.create("routes-test", () -> true, config -> { }, routes -> {
            routes.before("/v1/*", ctx -> { });
            routes.get("/v1/items/{id}", ctx -> ctx.result("item"));
            routes.post("/v1/items", ctx -> ctx.status(201));
        });
        app.start("127.0.0.1", 0);
        int port = app.port();
        try {
            assertThat(Routes.listeningOn(port)).extracting(Routes.Route::toString).containsExactlyInAnyOrder(
                    "GET /metrics", "GET /health/live", "GET /health/ready", "GET /v1/items/{id}", "POST /v1/items");
        } finally {
            app.stop();
        }
        assertThat(Routes.listeningOn(port)).isEmpty();
    }

    @Test
    void theApiDocumentIsServedAsItIsAndIsARoute() throws Exception {
        Javalin app = WebServer.create("routes-test", () -> true, config -> { },
                routes -> ApiDocument.serve(routes, RoutesTest.class, "/apidoc/openapi-3.1.json"));
        app.start("127.0.0.1", 0);
        try {
            var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/openapi.json")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(response.body()).contains("\"3.1.0\"");
            assertThat(Routes.listeningOn(app.port())).contains(new Routes.Route("GET", "/openapi.json"));
        } finally {
            app.stop();
        }
    }

    @Test
    void aDocumentThatIsNotOpenApi31OrIsMissingStopsTheFaceBeingBuilt() {
        assertThatThrownBy(() -> WebServer.create("routes-test", () -> true, config -> { },
                routes -> ApiDocument.serve(routes, RoutesTest.class, "/apidoc/openapi-3.0.json")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not 3.1");
        assertThatThrownBy(() -> WebServer.create("routes-test", () -> true, config -> { },
                routes -> ApiDocument.serve(routes, RoutesTest.class, "/apidoc/missing.json")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("missing");
    }
}
