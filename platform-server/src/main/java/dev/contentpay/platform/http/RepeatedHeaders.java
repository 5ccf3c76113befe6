package dev.contentpay.platform.http;

import dev.contentpay.platform.error.ContentpayException;
import io.javalin.http.Context;

import java.util.Collections;
import java.util.List;

/**
 * Headers that decide who is calling, what the body is, or which request this repeats must come
 * once. With two of them, one part of a server could read the first copy and another part (or a
 * proxy in front) the second: two Authorization headers, two Idempotency-Keys or two Content-Types
 * are refused as {@code validation_failed} before any handler runs.
 */
final class RepeatedHeaders {

    private static final List<String> SINGLE = List.of("Authorization", "Content-Type", Idempotency.HEADER,
            "Terminal-Id", "Terminal-Timestamp", "Terminal-Nonce", "Terminal-Signature");

    private RepeatedHeaders() {
    }

    static void refuse(Context ctx) {
        for (String name : SINGLE) {
            var values = ctx.req().getHeaders(name);
            if (values == null || !values.hasMoreElements()) continue;
            if (Collections.list(values).size() > 1) {
                throw ContentpayException.invalid(name, "was sent more than once; send it exactly once");
            }
        }
    }
}
