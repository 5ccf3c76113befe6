package dev.contentpay.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contentpay.app.Deployment;
import dev.contentpay.platform.http.ApiDocument;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.http.Routes;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI documents of a running deployment, one per face, read by a third-party parser, and a
 * caller that holds every answer against the document: the status must be one the operation lists,
 * the content type one listed for that status, a problem's code one named for that status, and
 * every field of a JSON answer one its schema names.
 */
final class ApiDocuments {

    /** One face: where it listens, its document as served, and the parser's reading of it. */
    record Face(String name, URI url, JsonNode document, OpenAPI api, List<String> parserMessages) {

        /** Every documented operation as {@code METHOD path}. */
        Set<String> operations() {
            var all = new TreeSet<String>();
            api.getPaths().forEach((path, item) -> item.readOperationsMap().keySet().forEach(m -> all.add(m.name() + " " + path)));
            return all;
        }

        /** Every route the face's code registered, as {@code METHOD path}. */
        Set<String> registered() {
            var all = new TreeSet<String>();
            for (Routes.Route route : Routes.listeningOn(url.getPort())) all.add(route.toString());
            return all;
        }

        Operation operation(String method, String path) {
            var item = api.getPaths().get(path);
            assertThat(item).as("%s documents %s", name, path).isNotNull();
            var operation = item.readOperationsMap().get(io.swagger.v3.oas.models.PathItem.HttpMethod.valueOf(method));
            assertThat(operation).as("%s documents %s %s", name, method, path).isNotNull();
            return operation;
        }
    }

    /** What one call answered. */
    record Answer(int status, String contentType, byte[] body, java.net.http.HttpHeaders headers) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + text(), e);
            }
        }
    }

    private final HttpClient http;
    private final Map<String, Face> faces = new LinkedHashMap<>();
    /** Every operation called so far, as {@code face: METHOD path}, with the statuses it answered. */
    private final Map<String, Set<Integer>> called = new LinkedHashMap<>();
    /** Every answer so far that its document does not allow; collected so that one run shows them all. */
    private final List<String> mismatches = new ArrayList<>();

    /**
     * Reads the documents of every face of {@code deployment}; {@code line} is the certificate the
     * caller presents to the faces of the dedicated line, which answer only over mutual TLS.
     */
    ApiDocuments(Deployment deployment, javax.net.ssl.SSLContext line) {
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(line).build();
        for (var server : deployment.servers()) {
            server.faces().forEach((name, url) -> faces.put(name, read(name, url)));
        }
    }

    Map<String, Face> faces() {
        return faces;
    }

    Face face(String name) {
        var face = faces.get(name);
        assertThat(face).as("a face named %s among %s", name, faces.keySet()).isNotNull();
        return face;
    }

    private Face read(String name, URI url) {
        var answer = send(HttpRequest.newBuilder(url.resolve(ApiDocument.PATH)).GET());
        assertThat(answer.status()).as("%s serves %s", name, ApiDocument.PATH).isEqualTo(200);
        assertThat(answer.contentType()).isEqualTo("application/json");
        var result = parse(answer.text());
        List<String> messages = result.getMessages() == null ? List.of() : result.getMessages();
        return new Face(name, url, answer.json(), result.getOpenAPI(), messages);
    }

    static io.swagger.v3.parser.core.models.SwaggerParseResult parse(String document) {
        var options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        return new OpenAPIV3Parser().readContents(document, null, options);
    }

    /**
     * Calls {@code template} (a documented path) at {@code path} (the same with its parameters
     * filled in and any query) on a face, and checks the answer against the document.
     */
    Answer call(String faceName, String method, String template, String path, Map<String, String> headers, String contentType, byte[] body) {
        Face face = face(faceName);
        Operation operation = face.operation(method, template);
        var builder = HttpRequest.newBuilder(URI.create(face.url().toString() + path)).timeout(Duration.ofSeconds(20));
        headers.forEach(builder::header);
        if (contentType != null) builder.header("Content-Type", contentType);
        builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        Answer answer = send(builder);
        try {
            check(face, method, template, operation, answer);
        } catch (AssertionError e) {
            mismatches.add(e.getMessage().strip());
        }
        called.computeIfAbsent(faceName + ": " + method + " " + template, k -> new TreeSet<>()).add(answer.status());
        return answer;
    }

    Answer callJson(String face, String method, String template, String path, Map<String, String> headers, Object body) {
        return call(face, method, template, path, headers, body == null ? null : "application/json", body == null ? null : Json.write(body));
    }

    Answer callForm(String face, String template, String path, Map<String, String> headers, String form) {
        return call(face, "POST", template, path, headers, "application/x-www-form-urlencoded", form.getBytes(StandardCharsets.UTF_8));
    }

    private static void check(Face face, String method, String template, Operation operation, Answer answer) {
        String where = face.name() + ": " + method + " " + template + " answered " + answer.status() + " " + answer.contentType()
                + " " + abbreviated(answer.text());
        assertThat(answer.headers().firstValue("traceparent")).as("%s, without the traceparent its document promises", where).isPresent();
        ApiResponse documented = operation.getResponses().get(Integer.toString(answer.status()));
        assertThat(documented).as("%s, a status its document does not list (%s)", where, operation.getResponses().keySet()).isNotNull();
        if (documented.getContent() == null || documented.getContent().isEmpty()) return;
        var types = documented.getContent().keySet();
        assertThat(types.stream().anyMatch(type -> matches(type, answer.contentType())))
                .as("%s, a content type its document does not list for that status (%s)", where, types).isTrue();
        if (answer.contentType().equals("application/problem+json")) {
            String code = answer.json().path("code").asText();
            var codes = Arrays.stream(documented.getDescription().split(",")).map(String::strip).toList();
            assertThat(codes).as("%s, a problem code its document does not name for that status", where).contains(code);
        } else if (answer.contentType().equals("application/json")) {
            var schema = documented.getContent().get("application/json").getSchema();
            if (schema != null) fieldsDocumented(where, "", answer.json(), schema);
        }
    }

    /** Every field of a JSON answer, at any depth, must be a property its schema names. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void fieldsDocumented(String where, String at, JsonNode value, io.swagger.v3.oas.models.media.Schema schema) {
        if (value.isArray() && schema.getItems() != null) {
            for (JsonNode item : value) fieldsDocumented(where, at + "[]", item, schema.getItems());
        } else if (value.isObject() && schema.getProperties() != null && !schema.getProperties().isEmpty()) {
            Map<String, io.swagger.v3.oas.models.media.Schema> properties = schema.getProperties();
            for (var fields = value.fieldNames(); fields.hasNext(); ) {
                String field = fields.next();
                assertThat(properties).as("%s: the field %s%s is not in its schema", where, at, field).containsKey(field);
                fieldsDocumented(where, at + field + ".", value.get(field), properties.get(field));
            }
        }
    }

    private static boolean matches(String documented, String actual) {
        if (documented.equals("*/*") || documented.equals(actual)) return true;
        return documented.endsWith("/*") && actual.startsWith(documented.substring(0, documented.length() - 1));
    }

    private static String abbreviated(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            var response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            String type = response.headers().firstValue("Content-Type").orElse("");
            int semicolon = type.indexOf(';');
            type = (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
            return new Answer(response.statusCode(), type, response.body(), response.headers());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    List<String> mismatches() {
        return mismatches;
    }

    /** Every documented operation of every face that no call has reached yet. */
    List<String> notCalled() {
        var missing = new ArrayList<String>();
        faces.forEach((name, face) -> face.operations().forEach(op -> {
            if (!called.containsKey(name + ": " + op)) missing.add(name + ": " + op);
        }));
        return missing;
    }

    /** Each operation called, with the statuses it answered, one line each (printed by the test, for people). */
    List<String> report() {
        var lines = new ArrayList<String>();
        called.forEach((op, statuses) -> lines.add(op + " -> " + statuses));
        return lines;
    }

    /** Operations that answered nothing but errors: their success was not reached by any call. */
    Set<String> neverSucceeded() {
        var failing = new LinkedHashSet<String>();
        called.forEach((op, statuses) -> {
            if (statuses.stream().noneMatch(s -> s < 400)) failing.add(op);
        });
        return failing;
    }
}
