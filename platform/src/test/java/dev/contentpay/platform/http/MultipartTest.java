package dev.contentpay.platform.http;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MultipartTest {

    /** Two parts as the settlement server writes them: a JSON one, then a binary one with its length. */
    private static byte[] written(String boundary, byte[] json, byte[] content) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(Multipart.upToSecondBody(boundary, Map.of("Content-Type", "application/json"), json,
                Map.of("Content-Type", "image/png", "Content-Length", Integer.toString(content.length))));
        out.writeBytes(content);
        out.writeBytes(Multipart.closing(boundary));
        return out.toByteArray();
    }

    @Test
    void whatIsWrittenIsReadBackPartByPartEvenWhenTheContentHoldsTheDelimiter() {
        String boundary = Multipart.newBoundary();
        byte[] json = "{\"settlementId\":\"stl_1\"}".getBytes(StandardCharsets.UTF_8);
        // A body that holds the delimiter itself: its Content-Length, not a search, says where it ends.
        byte[] content = ("\r\n--" + boundary + "\r\n\u0000binary\r\n--" + boundary + "--").getBytes(StandardCharsets.ISO_8859_1);

        List<Multipart.Part> parts = Multipart.read(written(boundary, json, content), boundary);

        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).header("Content-Type")).isEqualTo("application/json");
        assertThat(parts.get(0).body()).isEqualTo(json);
        assertThat(parts.get(1).header("content-type")).isEqualTo("image/png");
        assertThat(parts.get(1).body()).isEqualTo(content);
        assertThat(parts.get(1).length()).isEqualTo(content.length);
        assertThat(parts.get(1).sha256Hex()).isEqualTo(dev.contentpay.platform.crypto.ClientAssertions.sha256Hex(content));
    }

    @Test
    void aPreambleAndAPartWithoutALengthAreReadAsRfc2046Says() {
        byte[] body = ("this preamble is ignored\r\n--b1\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b1--\r\nepilogue")
                .getBytes(StandardCharsets.US_ASCII);

        List<Multipart.Part> parts = Multipart.read(body, "b1");

        assertThat(parts).singleElement().satisfies(p -> assertThat(new String(p.body(), StandardCharsets.US_ASCII)).isEqualTo("hello"));
    }

    @Test
    void theBoundaryComesFromAMultipartContentTypeOnly() {
        assertThat(Multipart.boundaryOf("multipart/mixed; boundary=abc")).isEqualTo("abc");
        assertThat(Multipart.boundaryOf("Multipart/Mixed; charset=x; boundary=\"a b\"")).isEqualTo("a b");
        assertThat(Multipart.boundaryOf(Multipart.contentType("contentpay-1"))).isEqualTo("contentpay-1");
        assertThat(Multipart.boundaryOf("application/json")).isNull();
        assertThat(Multipart.boundaryOf(null)).isNull();
        assertThatThrownBy(() -> Multipart.boundaryOf("multipart/mixed")).isInstanceOf(Multipart.Malformed.class);
        assertThatThrownBy(() -> Multipart.boundaryOf("multipart/mixed; boundary=" + "x".repeat(71))).isInstanceOf(Multipart.Malformed.class);
    }

    @Test
    void anAcceptHeaderAcceptsMultipartOnlyWhenItNamesItWithAWeight() {
        assertThat(Multipart.accepted("multipart/mixed, application/json;q=0.9")).isTrue();
        assertThat(Multipart.accepted("application/json, multipart/*")).isTrue();
        assertThat(Multipart.accepted("application/json")).isFalse();
        assertThat(Multipart.accepted("*/*")).as("a terminal that never asked gets JSON").isFalse();
        assertThat(Multipart.accepted("multipart/mixed;q=0")).isFalse();
        assertThat(Multipart.accepted("multipart/mixed; q=0.000")).isFalse();
        assertThat(Multipart.accepted("multipart/mixed;q=0.1")).isTrue();
        assertThat(Multipart.accepted(null)).isFalse();
    }

    @Test
    void aCutOrBrokenAnswerIsMalformedNotAShortBody() {
        String boundary = "b2";
        byte[] whole = written(boundary, "{}".getBytes(StandardCharsets.US_ASCII), new byte[100]);

        assertThatThrownBy(() -> Multipart.read(java.util.Arrays.copyOf(whole, whole.length - 60), boundary))
                .isInstanceOf(Multipart.Malformed.class);
        assertThatThrownBy(() -> Multipart.read("no delimiter at all".getBytes(StandardCharsets.US_ASCII), boundary))
                .isInstanceOf(Multipart.Malformed.class);
        assertThatThrownBy(() -> Multipart.read("--b2--\r\n".getBytes(StandardCharsets.US_ASCII), boundary))
                .isInstanceOf(Multipart.Malformed.class);
        byte[] lying = new String(whole, StandardCharsets.ISO_8859_1).replace("Content-Length: 100", "Content-Length: 99")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> Multipart.read(lying, boundary)).isInstanceOf(Multipart.Malformed.class);
        byte[] headerless = "--b2\r\nno colon here\r\n\r\nx\r\n--b2--".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> Multipart.read(headerless, boundary)).isInstanceOf(Multipart.Malformed.class);
    }
}
