package dev.contentpay.platform.http;

import java.util.Locale;

/**
 * The HTTP byte ranges and validators of RFC 9110 that a download answers: one {@code Range} of
 * the three forms {@code bytes=a-b}, {@code bytes=a-} and {@code bytes=-n}, {@code If-Range} with
 * an entity tag, and {@code If-None-Match}. A request for several ranges, a unit other than bytes
 * or a range that is not well formed is answered with the whole content, as RFC 9110 (14.2)
 * allows: a client that asked for something this server does not serve in parts still gets what
 * it needs, and never a wrong part.
 */
public final class ByteRanges {

    /** What a {@code Range} header asks of a content of a given length. */
    public sealed interface Outcome permits Whole, Part, Unsatisfiable {
    }

    /** The whole content (no range, or one this server answers in full). */
    public record Whole() implements Outcome {
    }

    /** Bytes {@code first} to {@code last}, both included, within the content. */
    public record Part(long first, long last) implements Outcome {
        public Part {
            if (first < 0 || last < first) throw new IllegalArgumentException("not a range: " + first + "-" + last);
        }

        public long length() {
            return last - first + 1;
        }

        /** The {@code Content-Range} value of this part of a content of {@code total} bytes. */
        public String contentRange(long total) {
            return "bytes " + first + "-" + last + "/" + total;
        }
    }

    /** A well-formed range that no byte of the content falls in: 416, with {@link #unsatisfiedRange}. */
    public record Unsatisfiable() implements Outcome {
    }

    private static final Whole WHOLE = new Whole();
    private static final Unsatisfiable UNSATISFIABLE = new Unsatisfiable();
    /** More digits than a long holds: a position past any content there is. */
    private static final int MAX_DIGITS = 18;

    private ByteRanges() {
    }

    /** The {@code Content-Range} value of a 416 for a content of {@code total} bytes. */
    public static String unsatisfiedRange(long total) {
        return "bytes */" + total;
    }

    /** The strong entity tag of a content whose lower-case hex SHA-256 is {@code sha256}. */
    public static String entityTag(String sha256) {
        return "\"" + sha256.toLowerCase(Locale.ROOT) + "\"";
    }

    /** What {@code range} (the header's value, null when absent) asks of a content of {@code length} bytes. */
    public static Outcome parse(String range, long length) {
        if (range == null) return WHOLE;
        String value = range.strip();
        int equals = value.indexOf('=');
        if (equals < 0 || !value.substring(0, equals).strip().equalsIgnoreCase("bytes")) return WHOLE;
        String spec = value.substring(equals + 1).strip();
        if (spec.indexOf(',') >= 0) return WHOLE;
        int dash = spec.indexOf('-');
        if (dash < 0) return WHOLE;
        String first = spec.substring(0, dash).strip();
        String last = spec.substring(dash + 1).strip();
        if (first.isEmpty()) return suffix(last, length);
        if (!isDigits(first) || (!last.isEmpty() && !isDigits(last))) return WHOLE;
        long from = number(first);
        long to = last.isEmpty() ? Long.MAX_VALUE : number(last);
        if (to < from) return WHOLE;
        if (from >= length) return UNSATISFIABLE;
        return new Part(from, Math.min(to, length - 1));
    }

    /** {@code bytes=-n}: the last {@code n} bytes, or all of them when the content is shorter. */
    private static Outcome suffix(String digits, long length) {
        if (!isDigits(digits)) return WHOLE;
        long n = number(digits);
        if (n == 0 || length == 0) return UNSATISFIABLE;
        return new Part(Math.max(0, length - n), length - 1);
    }

    /**
     * Whether a range may be served given {@code If-Range} ({@code ifRange}, null when absent): only
     * when it names this very content by its strong tag. A date, a weak tag or another tag means
     * the client's part is of something else, so it gets the whole content.
     */
    public static boolean rangeAllowed(String ifRange, String entityTag) {
        return ifRange == null || ifRange.strip().equals(entityTag);
    }

    /**
     * Whether {@code If-None-Match} ({@code ifNoneMatch}, null when absent) names this content, so
     * that a GET is answered 304: {@code *}, or a list holding its tag (compared weakly, as RFC 9110
     * 13.1.2 says: {@code W/"x"} matches {@code "x"}).
     */
    public static boolean notModified(String ifNoneMatch, String entityTag) {
        if (ifNoneMatch == null) return false;
        String value = ifNoneMatch.strip();
        if (value.equals("*")) return true;
        for (String tag : value.split(",")) {
            String t = tag.strip();
            if (t.startsWith("W/")) t = t.substring(2);
            if (t.equals(entityTag)) return true;
        }
        return false;
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }

    /** The number, or {@link Long#MAX_VALUE} for one too long to be a position in any content. */
    private static long number(String digits) {
        String significant = digits.replaceFirst("^0+(?=.)", "");
        return significant.length() > MAX_DIGITS ? Long.MAX_VALUE : Long.parseLong(significant);
    }
}
