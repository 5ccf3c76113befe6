package dev.contentpay.platform.http;

import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.io.InputStream;

/**
 * What a handler left of a request's body is read and dropped before the answer goes, so that the
 * connection stays open for the client's next request. A handler often answers without reading
 * the body: an unknown address, a refused credential, a body of the wrong type or declared too
 * large. Jetty 11 read the rest of such a body after the answer; Jetty 12 closes the connection
 * while the client is still sending it, the client's system resets the connection, and the client
 * loses the answer (or, pooling the connection, its next request). Called by {@link WebServer}'s
 * after-handler, for every request.
 */
final class RequestBodies {

    /** Sixteen times the largest body any handler reads: a client that sends more is not kept. */
    static final long MOST_DROPPED = 16 * WebServer.MAX_BODY_BYTES;

    private RequestBodies() {
    }

    /**
     * Reads what is left of the request's body and drops it, unless the body is declared larger
     * than {@link #MOST_DROPPED} bytes (Jetty then closes the connection after the answer, and
     * says so). Never throws: a body that cannot be read (the client went away, a malformed chunk)
     * is left to Jetty too.
     */
    static void dropUnread(HttpServletRequest request) {
        if (request.getContentLengthLong() > MOST_DROPPED) return;
        try {
            InputStream in = request.getInputStream();
            byte[] buffer = new byte[8192];
            long dropped = 0;
            for (int n; dropped <= MOST_DROPPED && (n = in.read(buffer)) != -1; ) dropped += n;
        } catch (IOException | RuntimeException e) {
            // Left to Jetty, which closes the connection.
        }
    }
}
