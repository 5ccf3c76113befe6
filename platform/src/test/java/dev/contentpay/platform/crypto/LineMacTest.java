package dev.contentpay.platform.crypto;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineMacTest {

    static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    static final byte[] SECRET = "a line key of thirty-two bytes!!".getBytes(StandardCharsets.US_ASCII);
    static final LineMac.Key KEY = new LineMac.Key("lk1.c2FrdXJh.1796500000.nonce", SECRET, NOW.plusSeconds(600));
    static final byte[] BODY = "{\"approval\":\"x\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aMacChecksForItsOwnRequestOnly() throws Exception {
        String header = LineMac.authorization(KEY, "demo-issuer", "POST", "/v1/merchant/judgements", BODY, NOW);
        var presented = LineMac.parse(header);

        assertThatCode(() -> LineMac.check(presented, SECRET, "demo-issuer", "POST", "/v1/merchant/judgements", BODY, NOW.plusSeconds(59)))
                .doesNotThrowAnyException();
        assertReason(() -> LineMac.check(presented, SECRET, "demo-issuer", "POST", "/v1/merchant/refunds", BODY, NOW), TokenException.Reason.BAD_SIGNATURE);
        assertReason(() -> LineMac.check(presented, SECRET, "demo-issuer", "POST", "/v1/merchant/judgements", "{}".getBytes(), NOW),
                TokenException.Reason.BAD_SIGNATURE);
        assertReason(() -> LineMac.check(presented, SECRET, "another-issuer", "POST", "/v1/merchant/judgements", BODY, NOW),
                TokenException.Reason.BAD_SIGNATURE);
        assertReason(() -> LineMac.check(presented, "another key of thirty-two bytes!".getBytes(), "demo-issuer", "POST",
                "/v1/merchant/judgements", BODY, NOW), TokenException.Reason.BAD_SIGNATURE);
        assertReason(() -> LineMac.check(presented, SECRET, "demo-issuer", "POST", "/v1/merchant/judgements", BODY, NOW.plusSeconds(61)),
                TokenException.Reason.EXPIRED);
    }

    @Test
    void anythingElseIsMalformed() {
        for (String header : new String[]{null, "", "Bearer x.y.z", "LineMAC", "LineMAC a b", "LineMAC a notanumber " + "A".repeat(43),
                "LineMAC a 1 short", "LineMAC  1 " + "A".repeat(43), "LineMAC a 1 " + "A".repeat(43) + " extra"}) {
            assertReason(() -> LineMac.parse(header), TokenException.Reason.MALFORMED);
        }
    }

    private static void assertReason(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, TokenException.Reason reason) {
        assertThatThrownBy(call).isInstanceOf(TokenException.class).extracting(e -> ((TokenException) e).reason()).isEqualTo(reason);
    }
}
