package dev.contentpay.platform.crypto;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSignaturesTest {

    static final Instant NOW = Instant.parse("2026-12-06T09:00:00Z");
    static final OctetKeyPair KEY = KeyFiles.generate("demo-issuer-webhook-1");
    static final JWKSet PUBLIC = new JWKSet(KEY.toPublicJWK());
    static final String ID = "evt_0123456789abcdefghij";
    static final String TIMESTAMP = Long.toString(NOW.getEpochSecond());
    static final byte[] BODY = "{\"id\":\"evt_0123456789abcdefghij\",\"type\":\"refund.applied\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSignatureVerifiesForItsOwnIdTimestampAndBodyOnly() {
        String signature = WebhookSignatures.sign(KEY, ID, NOW.getEpochSecond(), BODY);
        assertThat(signature).startsWith("v1a,");
        assertThat(Base64.getDecoder().decode(signature.substring(4))).hasSize(64);

        assertThatCode(() -> WebhookSignatures.verify(PUBLIC, ID, TIMESTAMP, signature, BODY, NOW)).doesNotThrowAnyException();
        byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace("refund", "refunX").getBytes(StandardCharsets.UTF_8);
        assertReason(() -> WebhookSignatures.verify(PUBLIC, ID, TIMESTAMP, signature, tampered, NOW), TokenException.Reason.BAD_SIGNATURE);
        assertReason(() -> WebhookSignatures.verify(PUBLIC, ID + "x", TIMESTAMP, signature, BODY, NOW), TokenException.Reason.BAD_SIGNATURE);
        assertReason(() -> WebhookSignatures.verify(PUBLIC, ID, Long.toString(NOW.getEpochSecond() + 1), signature, BODY, NOW),
                TokenException.Reason.BAD_SIGNATURE);
    }

    @Test
    void aSignatureByAnotherKeyIsRefusedAndOneOfSeveralListedIsEnough() {
        OctetKeyPair other = KeyFiles.generate("demo-issuer-1");
        String byOther = WebhookSignatures.sign(other, ID, NOW.getEpochSecond(), BODY);
        assertReason(() -> WebhookSignatures.verify(PUBLIC, ID, TIMESTAMP, byOther, BODY, NOW), TokenException.Reason.BAD_SIGNATURE);

        String both = byOther + " " + WebhookSignatures.sign(KEY, ID, NOW.getEpochSecond(), BODY);
        assertThatCode(() -> WebhookSignatures.verify(PUBLIC, ID, TIMESTAMP, both, BODY, NOW)).doesNotThrowAnyException();
        // A symmetric v1 signature, or garbage, is not taken for a v1a one.
        String v1 = "v1," + WebhookSignatures.sign(KEY, ID, NOW.getEpochSecond(), BODY).substring(4);
        assertReason(() -> WebhookSignatures.verify(PUBLIC, ID, TIMESTAMP, v1, BODY, NOW), TokenException.Reason.BAD_SIGNATURE);
        assertReason(() -> WebhookSignatures.verify(PUBLIC, ID, TIMESTAMP, "v1a,!!!", BODY, NOW), TokenException.Reason.BAD_SIGNATURE);
        // The private half is never accepted where the public set belongs, nor does it sign with a P-256 key.
        assertThatThrownBy(() -> WebhookSignatures.sign(KEY.toPublicJWK(), ID, 1, BODY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTimestampMoreThanFiveMinutesOffEitherWayIsRefused() {
        long old = NOW.minusSeconds(301).getEpochSecond();
        long future = NOW.plusSeconds(301).getEpochSecond();
        String oldSignature = WebhookSignatures.sign(KEY, ID, old, BODY);
        String futureSignature = WebhookSignatures.sign(KEY, ID, future, BODY);
        assertReason(() -> WebhookSignatures.verify(PUBLIC, ID, Long.toString(old), oldSignature, BODY, NOW), TokenException.Reason.EXPIRED);
        assertReason(() -> WebhookSignatures.verify(PUBLIC, ID, Long.toString(future), futureSignature, BODY, NOW),
                TokenException.Reason.NOT_YET_VALID);
        long edge = NOW.minusSeconds(300).getEpochSecond();
        assertThatCode(() -> WebhookSignatures.verify(PUBLIC, ID, Long.toString(edge), WebhookSignatures.sign(KEY, ID, edge, BODY), BODY, NOW))
                .doesNotThrowAnyException();
    }

    @Test
    void missingOrMalformedHeadersAreMalformed() {
        String signature = WebhookSignatures.sign(KEY, ID, NOW.getEpochSecond(), BODY);
        for (var headers : List.of(new String[]{null, TIMESTAMP, signature}, new String[]{ID, null, signature}, new String[]{ID, "12.5", signature},
                new String[]{ID, TIMESTAMP + "000", signature}, new String[]{ID, TIMESTAMP, null}, new String[]{ID, TIMESTAMP, " "})) {
            assertReason(() -> WebhookSignatures.verify(PUBLIC, headers[0], headers[1], headers[2], BODY, NOW), TokenException.Reason.MALFORMED);
        }
    }

    private static void assertReason(ThrowingRunnable action, TokenException.Reason reason) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
