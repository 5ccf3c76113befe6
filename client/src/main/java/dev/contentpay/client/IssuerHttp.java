package dev.contentpay.client;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.HttpClients;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.http.ServiceClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The calls to the issuer's subscriber face that need headers of their own (HTTP Basic, a
 * terminal's proof) on the JDK's HttpClient. A problem+json answer becomes a
 * {@link ContentpayException} with the issuer's code; no answer becomes {@code auth_unavailable}.
 */
final class IssuerHttp {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClients.builder(Duration.ofSeconds(5)).build();

    private final URI base;

    IssuerHttp(URI base) {
        this.base = base;
    }

    /** The path the issuer will see for {@code path}: what a terminal's proof must sign. */
    String rawPath(String path) {
        return base.resolve(path).getRawPath();
    }

    static Map<String, String> basic(String subscriberId, char[] password) {
        byte[] pair = (subscriberId + ":" + new String(password)).getBytes(StandardCharsets.UTF_8);
        var headers = new LinkedHashMap<String, String>();
        headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair));
        java.util.Arrays.fill(pair, (byte) 0);
        return headers;
    }

    /** Sends {@code body} (exactly these bytes; null for none) and reads the answer as {@code type}. */
    <T> T send(String method, String path, Map<String, String> headers, byte[] body, Class<T> type) {
        var builder = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).header("Accept", "application/json");
        headers.forEach(builder::header);
        if (body != null) builder.header("Content-Type", "application/json");
        builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<byte[]> response;
        try {
            response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new ContentpayException(ErrorCode.AUTH_UNAVAILABLE, ErrorCode.AUTH_UNAVAILABLE.title() + " (no answer within " + TIMEOUT.toSeconds() + " s)", e);
        } catch (IOException e) {
            throw new ContentpayException(ErrorCode.AUTH_UNAVAILABLE, ErrorCode.AUTH_UNAVAILABLE.title(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContentpayException(ErrorCode.AUTH_UNAVAILABLE, ErrorCode.AUTH_UNAVAILABLE.title(), e);
        }
        if (response.statusCode() >= 400) throw ServiceClient.problemOf(response.body(), response.statusCode(), ErrorCode.AUTH_UNAVAILABLE);
        try {
            return Json.readAnswer(response.body(), type);
        } catch (IOException e) {
            throw new ContentpayException(ErrorCode.AUTH_UNAVAILABLE, "The issuer's answer could not be read.", e);
        }
    }

}
