package dev.contentpay.auth;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * HTTP Basic credentials (RFC 7617, UTF-8): the subscriber's id and password on the subscriber
 * face's account calls. A missing or garbled header is answered as bad credentials, like a wrong
 * password, and asks for Basic authentication.
 */
public record BasicCredentials(String subscriberId, String password) {

    public static BasicCredentials of(Context ctx) {
        BasicCredentials credentials = parse(ctx.header("Authorization"));
        if (credentials == null) throw refused(ctx);
        return credentials;
    }

    /** The credentials in an Authorization header's value; null when it is missing or garbled. */
    public static BasicCredentials parse(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) return null;
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0 || colon > 64 || colon == decoded.length() - 1 || decoded.length() - colon - 1 > 256) return null;
        return new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    private static ContentpayException refused(Context ctx) {
        ctx.header("WWW-Authenticate", "Basic realm=\"contentpay\", charset=\"UTF-8\"");
        return new ContentpayException(ErrorCode.BAD_CREDENTIALS);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "BasicCredentials[" + subscriberId + ", ***]";
    }
}
