package dev.contentpay.platform.http;

import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.error.Problem;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.handler.ErrorHandler;

import java.nio.ByteBuffer;

/**
 * Requests Jetty refuses itself, before any contentpay code runs (a NUL or an ambiguous segment in
 * the path, a request line or headers beyond its 8 KiB buffer): answered as a problem+json document like every other
 * refusal, instead of Jetty's HTML "Bad Message" page. Statuses the catalogue has no code for keep
 * Jetty's own answer.
 */
final class BadMessages extends ErrorHandler {

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        ErrorCode code = switch (status) {
            case 400 -> ErrorCode.VALIDATION_FAILED;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 414 -> ErrorCode.URI_TOO_LONG;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 431 -> ErrorCode.HEADERS_TOO_LARGE;
            default -> null;
        };
        if (code == null) return super.badMessageError(status, reason, fields);
        fields.put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        return ByteBuffer.wrap(Json.write(Problem.of(code)));
    }
}
