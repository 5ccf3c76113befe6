package dev.contentpay.platform.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.json}: a face's OpenAPI 3.1 document, kept as a resource beside the code it
 * describes and served as it is. The document is read and checked to be OpenAPI 3.1 JSON when the
 * face is built, so a broken one stops the server at start rather than reaching a client; that it
 * lists exactly the face's routes is checked by the end-to-end tests against {@link Routes}.
 */
public final class ApiDocument {

    public static final String PATH = "/openapi.json";

    private ApiDocument() {
    }

    /** Serves the resource {@code name} (absolute, as for {@link Class#getResourceAsStream}) of {@code owner}'s module. */
    public static void serve(RoutesConfig routes, Class<?> owner, String name) {
        byte[] document = read(owner, name);
        routes.get(PATH, ctx -> ctx.contentType("application/json").result(document));
    }

    static byte[] read(Class<?> owner, String name) {
        byte[] document;
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("the API document " + name + " is missing from the build");
            document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the API document " + name, e);
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(document);
        } catch (IOException e) {
            throw new IllegalStateException("the API document " + name + " is not JSON: " + e.getMessage(), e);
        }
        String version = root.path("openapi").asText("");
        if (!version.startsWith("3.1.")) {
            throw new IllegalStateException("the API document " + name + " declares openapi '" + version + "', not 3.1");
        }
        return document;
    }
}
