package dev.contentpay.app.operator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.error.Problem;
import dev.contentpay.platform.http.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * A small JSON client for an admin or operator face: a bearer token read from a file (never from
 * the command line, where other users could see it in the process list), and problem+json answers
 * turned into {@link ContentpayException}s.
 */
public final class OperatorClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;
    private final String token;

    public OperatorClient(URI base, Path tokenFile) {
        this.base = base;
        try {
            this.token = Files.readString(tokenFile).trim();
        } catch (IOException e) {
            throw new ContentpayException(ErrorCode.VALIDATION_FAILED, "The operator token file " + tokenFile + " cannot be read.");
        }
    }

    public JsonNode get(String path) {
        return send(request(path).GET());
    }

    public JsonNode send(String method, String path, Object body) {
        byte[] json = body == null ? new byte[0] : Json.write(body);
        return send(request(path).header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .method(method, HttpRequest.BodyPublishers.ofByteArray(json)));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
    }

    private JsonNode send(HttpRequest.Builder builder) {
        try {
            HttpResponse<byte[]> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() >= 400) {
                throw Json.readAnswer(response.body(), Problem.class).toException();
            }
            return Json.MAPPER.readTree(new String(response.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ContentpayException(ErrorCode.AUTH_UNAVAILABLE, "The server at " + base + " could not be reached.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContentpayException(ErrorCode.AUTH_UNAVAILABLE, "Interrupted.", e);
        }
    }
}
