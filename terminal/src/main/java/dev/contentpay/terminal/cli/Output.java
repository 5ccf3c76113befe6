package dev.contentpay.terminal.cli;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.http.Json;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** How the terminal's commands speak: plain sentences for people, one JSON document with --json. */
final class Output {

    /** Exit status: 0 done, 1 refused, 3 a party could not be reached (a retry may succeed). */
    static final int REFUSED = 1;
    static final int UNAVAILABLE = 3;

    private Output() {
    }

    static int refusal(PrintWriter out, PrintWriter err, ContentpayException e, boolean json) {
        return refusal(out, err, e, json, CliLanguage.of("en", java.util.Map.of()));
    }

    /** The refusal as JSON (the same in every language) or as one sentence in {@code words}' language. */
    static int refusal(PrintWriter out, PrintWriter err, ContentpayException e, boolean json, CliLanguage words) {
        if (json) {
            var doc = new LinkedHashMap<String, Object>();
            doc.put("status", "refused");
            doc.put("code", e.code().code());
            doc.put("retryable", e.code().retryable());
            doc.put("message", e.detail());
            out.println(Json.writeString(doc));
            out.flush();
        } else {
            err.println(words.refusal(e.code().code(), e.code().retryable(), e.detail()));
            err.flush();
        }
        return e.code().retryable() ? UNAVAILABLE : REFUSED;
    }

    static void json(PrintWriter out, Map<String, ?> doc) {
        out.println(Json.writeString(doc));
        out.flush();
    }

    static String extensionOf(String mediaType) {
        return switch (mediaType == null ? "" : mediaType) {
            case "image/png" -> "png";
            case "image/jpeg" -> "jpg";
            case "image/gif" -> "gif";
            case "audio/wav", "audio/x-wav", "audio/wave" -> "wav";
            case "audio/mpeg" -> "mp3";
            case "text/html" -> "html";
            case "application/epub+zip" -> "epub";
            case "video/mp4" -> "mp4";
            case "video/webm" -> "webm";
            case "application/pdf" -> "pdf";
            default -> "bin";
        };
    }
}
