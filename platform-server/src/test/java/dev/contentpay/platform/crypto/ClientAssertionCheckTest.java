package dev.contentpay.platform.crypto;

import com.nimbusds.jose.jwk.JWKSet;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one check of client assertions: the caller it proves, and the one code for every refusal. */
class ClientAssertionCheckTest {

    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final byte[] BODY = "{\"a\":1}".getBytes();

    final com.nimbusds.jose.jwk.OctetKeyPair key = KeyFiles.generate("settlement-1");
    final TokenSigner signer = new TokenSigner(key);
    final ClientAssertionCheck check = ClientAssertionCheck.of("sakura", new JWKSet(key.toPublicJWK()), "issuer", CLOCK, "a test call");

    private String assertion(String caller, String audience, Instant at, byte[] body) {
        return "Bearer " + ClientAssertions.create(signer, caller, audience, "POST", "/v1/x", body, Clock.fixed(at, ZoneOffset.UTC));
    }

    private void assertRefused(String authorization) {
        assertThatThrownBy(() -> check.callerOf(authorization, "POST", "/v1/x", BODY))
                .isInstanceOfSatisfying(ContentpayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CLIENT_UNAUTHENTICATED));
    }

    @Test
    void anAssertionForThisRequestProvesItsCaller() {
        assertThat(check.callerOf(assertion("sakura", "issuer", NOW, BODY), "POST", "/v1/x", BODY)).isEqualTo("sakura");
    }

    @Test
    void aClockDifferenceWithinTheSkewIsAllowed() {
        assertThat(check.callerOf(assertion("sakura", "issuer", NOW.minus(Duration.ofSeconds(80)), BODY), "POST", "/v1/x", BODY)).isEqualTo("sakura");
    }

    @Test
    void everyFailureIsClientUnauthenticated() {
        assertRefused(null);
        assertRefused("Basic c2FrdXJhOng=");
        assertRefused(assertion("sakura", "another-party", NOW, BODY));
        assertRefused(assertion("sakura", "issuer", NOW.minus(Duration.ofMinutes(2)), BODY));
        assertRefused(assertion("sakura", "issuer", NOW, "{\"a\":2}".getBytes()));
        assertRefused(assertion("someone-else", "issuer", NOW, BODY));
    }
}
