package dev.contentpay.platform.observe;

import org.slf4j.MDC;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

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

    private Trace() {
    }

    /** The trace id in a {@code traceparent} header, or a new one when it is missing or malformed. */
    public static String traceIdOf(String traceparent) {
        if (traceparent != null) {
            String t = traceparent.trim();
            // 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>, read without a regular expression on every request.
            if (t.length() == 55 && t.startsWith("00-") && t.charAt(35) == '-' && t.charAt(52) == '-'
                    && lowerHex(t, 3, 35) && lowerHex(t, 36, 52) && lowerHex(t, 53, 55)
                    && !zeros(t, 3, 35) && !zeros(t, 36, 52)) {
                return t.substring(3, 35);
            }
        }
        return newTraceId();
    }

    private static boolean lowerHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) return false;
        }
        return true;
    }

    private static boolean zeros(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) != '0') return false;
        }
        return true;
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

    /**
     * {@code bytes} random bytes in hex, never all zeros (which W3C Trace Context reserves). Trace and
     * span ids must be unique, not secret: a trace id never leaves its party (a call across a
     * boundary starts a trace of its own), so they come from {@link ThreadLocalRandom}, without the
     * lock and the system call of a {@code SecureRandom} on every request.
     */
    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        var random = ThreadLocalRandom.current();
        do {
            random.nextBytes(b);
        } while (allZero(b));
        return HexFormat.of().formatHex(b);
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) return false;
        }
        return true;
    }
}
