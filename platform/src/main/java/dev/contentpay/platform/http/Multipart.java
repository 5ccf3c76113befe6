package dev.contentpay.platform.http;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code multipart/mixed} (RFC 2046, section 5.1) as one answer carries several bodies: the
 * delimiters and part headers a writer puts around its parts, and a reader of a whole answer held
 * in memory. A part may say its {@code Content-Length}; the reader then takes exactly that many
 * bytes, so a body is never searched for the boundary, and checks that the delimiter follows them.
 */
public final class Multipart {

    public static final String MEDIA_TYPE = "multipart/mixed";
    private static final byte[] CRLF = {'\r', '\n'};
    private static final SecureRandom RANDOM = new SecureRandom();
    /** RFC 2046 allows at most 70 characters; this writer's are 43. */
    private static final int MAX_BOUNDARY = 70;

    /** One part: its headers (names in lower case) and its body, a range of the answer read (not copied until asked). */
    public static final class Part {
        private final Map<String, String> headers;
        private final byte[] source;
        private final int offset;
        private final int length;

        Part(Map<String, String> headers, byte[] source, int offset, int length) {
            this.headers = headers;
            this.source = source;
            this.offset = offset;
            this.length = length;
        }

        public Map<String, String> headers() {
            return headers;
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public int length() {
            return length;
        }

        /** A copy of the body. */
        public byte[] body() {
            return java.util.Arrays.copyOfRange(source, offset, offset + length);
        }

        /** The body's SHA-256, hex in lower case. */
        public String sha256Hex() {
            var digest = dev.contentpay.platform.crypto.ClientAssertions.sha256();
            digest.update(source, offset, length);
            return HexFormat.of().formatHex(digest.digest());
        }

        public void writeTo(java.io.OutputStream out) throws java.io.IOException {
            out.write(source, offset, length);
        }
    }

    /** An answer's body that is not the multipart it says it is. */
    public static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message);
        }
    }

    private Multipart() {
    }

    /** A fresh boundary: 32 random bytes' worth of hex after a fixed word, so no body holds it by chance. */
    public static String newBoundary() {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return "contentpay-" + HexFormat.of().formatHex(random);
    }

    /** The {@code Content-Type} of an answer with {@code boundary}. */
    public static String contentType(String boundary) {
        return MEDIA_TYPE + "; boundary=" + boundary;
    }

    /** Whether an {@code Accept} header names {@code multipart/mixed} (or {@code multipart/*}) with a weight above zero. */
    public static boolean accepted(String accept) {
        if (accept == null) return false;
        for (String range : accept.split(",")) {
            String[] params = range.split(";");
            String type = params[0].trim().toLowerCase(Locale.ROOT);
            if (!type.equals(MEDIA_TYPE) && !type.equals("multipart/*")) continue;
            boolean refused = false;
            for (int i = 1; i < params.length; i++) {
                String p = params[i].trim().toLowerCase(Locale.ROOT);
                if (p.startsWith("q=")) refused = p.substring(2).trim().matches("0(\\.0{0,3})?");
            }
            if (!refused) return true;
        }
        return false;
    }

    /**
     * The bytes of a two-part body up to the second part's body: the first part whole, then the
     * second part's delimiter and headers. The second body follows, then {@link #closing}; so a
     * writer can stream the second body (a content from its file) between the two. Header values
     * must be ASCII.
     */
    public static byte[] upToSecondBody(String boundary, Map<String, String> firstHeaders, byte[] firstBody,
                                        Map<String, String> secondHeaders) {
        byte[] first = opening("--" + boundary, firstHeaders);
        byte[] second = opening("\r\n--" + boundary, secondHeaders);
        byte[] head = new byte[first.length + firstBody.length + second.length];
        System.arraycopy(first, 0, head, 0, first.length);
        System.arraycopy(firstBody, 0, head, first.length, firstBody.length);
        System.arraycopy(second, 0, head, first.length + firstBody.length, second.length);
        return head;
    }

    /** A delimiter line (given whole: the line break before it, the dashes, the boundary) and a part's headers, in ASCII. */
    private static byte[] opening(String delimiter, Map<String, String> headers) {
        var s = new StringBuilder(64 + 48 * headers.size()).append(delimiter).append("\r\n");
        headers.forEach((name, value) -> s.append(name).append(": ").append(value).append("\r\n"));
        return s.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The close delimiter after the last part's body. */
    public static byte[] closing(String boundary) {
        return ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The boundary named by a {@code multipart/mixed} content type; null for any other type. */
    public static String boundaryOf(String contentType) {
        if (contentType == null) return null;
        String[] params = contentType.split(";");
        if (!params[0].trim().equalsIgnoreCase(MEDIA_TYPE)) return null;
        for (int i = 1; i < params.length; i++) {
            String p = params[i].trim();
            if (!p.regionMatches(true, 0, "boundary=", 0, 9)) continue;
            String b = p.substring(9).trim();
            if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) b = b.substring(1, b.length() - 1);
            if (b.isEmpty() || b.length() > MAX_BOUNDARY) throw new Malformed("the multipart boundary is empty or longer than 70 characters");
            return b;
        }
        throw new Malformed("a multipart answer without a boundary");
    }

    /** The parts of a whole {@code multipart/mixed} body; the preamble and epilogue are ignored, as RFC 2046 says. */
    public static List<Part> read(byte[] body, String boundary) {
        byte[] dash = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        int at = startsWith(body, 0, dash) ? 0 : indexOf(body, delimiter, 0) + 2;
        if (at < 2 && !startsWith(body, 0, dash)) throw new Malformed("no multipart delimiter");
        var parts = new ArrayList<Part>();
        while (true) {
            int after = at + dash.length;
            if (startsWith(body, after, new byte[]{'-', '-'})) {
                if (parts.isEmpty()) throw new Malformed("a multipart answer without parts");
                return parts;
            }
            int headersStart = skipLine(body, after);
            var headers = new LinkedHashMap<String, String>();
            int i = headersStart;
            while (true) {
                int end = indexOf(body, CRLF, i);
                if (end < 0) throw new Malformed("a part's headers do not end");
                if (end == i) {
                    i = end + 2;
                    break;
                }
                String line = new String(body, i, end - i, StandardCharsets.US_ASCII);
                int colon = line.indexOf(':');
                if (colon <= 0) throw new Malformed("a part's header line without a name");
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                i = end + 2;
            }
            int bodyEnd;
            String length = headers.get("content-length");
            if (length != null) {
                long n;
                try {
                    n = Long.parseLong(length);
                } catch (NumberFormatException e) {
                    throw new Malformed("a part's Content-Length is not a number");
                }
                if (n < 0 || n > body.length - i) throw new Malformed("a part's Content-Length runs past the answer");
                bodyEnd = i + (int) n;
                if (!startsWith(body, bodyEnd, delimiter)) throw new Malformed("a part's body is not followed by the delimiter");
            } else {
                bodyEnd = indexOf(body, delimiter, i);
                if (bodyEnd < 0) throw new Malformed("a part's body does not end");
            }
            parts.add(new Part(java.util.Collections.unmodifiableMap(headers), body, i, bodyEnd - i));
            at = bodyEnd + 2;
        }
    }

    /** The index just after the CRLF ending the line that starts at {@code from} (transport padding allowed before it). */
    private static int skipLine(byte[] body, int from) {
        int end = indexOf(body, CRLF, from);
        if (end < 0) throw new Malformed("a multipart delimiter line does not end");
        for (int i = from; i < end; i++) {
            if (body[i] != ' ' && body[i] != '\t') throw new Malformed("text after a multipart delimiter");
        }
        return end + 2;
    }

    private static boolean startsWith(byte[] body, int at, byte[] prefix) {
        if (at < 0 || at + prefix.length > body.length) return false;
        for (int i = 0; i < prefix.length; i++) {
            if (body[at + i] != prefix[i]) return false;
        }
        return true;
    }

    private static int indexOf(byte[] body, byte[] target, int from) {
        outer:
        for (int i = Math.max(0, from); i <= body.length - target.length; i++) {
            for (int j = 0; j < target.length; j++) {
                if (body[i + j] != target[j]) continue outer;
            }
            return i;
        }
        return -1;
    }
}
