package dev.contentpay.platform.observe;

import org.slf4j.MDC;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * One correlation id for one purchase across every server: the W3C Trace Context
 * {@code traceparent} header ({@code 00-<trace id>-<parent span id>-<flags>}). A server takes the
 * trace id of the request it serves (or starts one), keeps it in the logging context so every line
 * about the request carries it, and passes it on in every call it makes, except across a party's
 * boundary: the issuer's merchant face starts a trace of its own for each request (the caller's
 * kept as {@link #CALLER_MDC_KEY} in the issuer's logs only), and the issuer's calls to the bureau
 * and a terminal's to the issuer each start a new one, so no trace id links the merchant's, the
 * issuer's and the bureau's logs.
 */
public final class Trace {

    public static final String HEADER = "traceparent";
    public static final String MDC_KEY = "trace_id";
    /** On a face that starts its own traces, the trace id the caller sent, kept in this party's logs only. */
    public static final String CALLER_MDC_KEY = "caller_trace";

    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Trace() {
    }

    /** The trace id in a {@code traceparent} header, or a new one when it is missing or malformed. */
    public static String traceIdOf(String traceparent) {
        if (traceparent != null) {
            var m = TRACEPARENT.matcher(traceparent.trim());
            if (m.matches() && !m.group(1).equals("0".repeat(32)) && !m.group(2).equals("0".repeat(16))) return m.group(1);
        }
        return newTraceId();
    }

    public static String newTraceId() {
        return random(16);
    }

    /** A header that continues {@code traceId} from a new span of ours. */
    public static String traceparent(String traceId) {
        return "00-" + traceId + "-" + random(8) + "-01";
    }

    /** The trace id of the work this thread is doing, if any. */
    public static String current() {
        return MDC.get(MDC_KEY);
    }

    /** Runs {@code work} as part of {@code traceId}, restoring whatever trace this thread had. */
    public static <T> T within(String traceId, java.util.function.Supplier<T> work) {
        String before = MDC.get(MDC_KEY);
        MDC.put(MDC_KEY, traceId);
        try {
            return work.get();
        } finally {
            if (before == null) MDC.remove(MDC_KEY); else MDC.put(MDC_KEY, before);
        }
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
