package dev.contentpay.platform.http;

import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.error.Problem;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * Requests Jetty refuses itself, before any contentpay code runs (a NUL or a malformed escape in
 * the path, a request line or headers beyond its 8 KiB buffer, a malformed header): answered as a
 * problem+json document like every other refusal, whatever the method, instead of Jetty's HTML
 * error page. Statuses the catalogue has no code for keep Jetty's own answer.
 */
final class BadMessages extends ErrorHandler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        // Jetty closes the connection after a message it could not read; the answer says so, so
        // that a client does not send its next request down a connection that is going away.
        if (!request.getConnectionMetaData().isPersistent()) response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        int status = response.getStatus();
        if (request.getAttribute(ERROR_EXCEPTION) instanceof HttpException refusal) status = refusal.getCode();
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
        if (code == null) return super.handle(request, response, callback);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        response.write(true, ByteBuffer.wrap(Json.write(Problem.of(code))), callback);
        return true;
    }
}
