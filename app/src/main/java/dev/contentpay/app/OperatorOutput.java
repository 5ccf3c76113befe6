package dev.contentpay.app;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.money.Money;

import java.io.PrintWriter;
import java.util.LinkedHashMap;

/** How the operator commands speak: plain lines for people, one JSON document with --json; exit 1 refused, 3 unreachable. */
final class OperatorOutput {

    static final int PROBLEMS = 1;
    static final int UNAVAILABLE = 3;

    private OperatorOutput() {
    }

    static String money(Money m) {
        return m == null ? "-" : m.plain();
    }

    static int refusal(PrintWriter out, PrintWriter err, ContentpayException e, boolean json) {
        if (json) {
            var doc = new LinkedHashMap<String, Object>();
            doc.put("status", "refused");
            doc.put("code", e.code().code());
            doc.put("retryable", e.code().retryable());
            doc.put("message", e.detail());
            out.println(Json.writeString(doc));
            out.flush();
        } else {
            err.println("contentpay: " + e.detail());
            err.flush();
        }
        return e.code().retryable() ? UNAVAILABLE : PROBLEMS;
    }

    static void json(PrintWriter out, Object doc) {
        out.println(Json.writeString(doc));
        out.flush();
    }
}
