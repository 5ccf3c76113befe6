package dev.contentpay.client;

import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.ServiceClient;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The calls to the issuer's subscriber face that need headers of their own (HTTP Basic, a
 * terminal's proof). A problem+json answer becomes a {@link dev.contentpay.platform.error.ContentpayException}
 * with the issuer's code; no answer becomes {@code auth_unavailable}.
 */
final class IssuerHttp {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final ServiceClient client;

    IssuerHttp(URI base, Clock clock) {
        this.base = base;
        this.client = new ServiceClient(base, TIMEOUT, ErrorCode.AUTH_UNAVAILABLE, null, clock);
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
        return client.send(method, path, headers, body, type);
    }
}
