package dev.contentpay.platform.crypto;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenVerifierTest {

    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    final Keys keys = new Keys();

    static final class Keys {
        final com.nimbusds.jose.jwk.OctetKeyPair issuerKey = KeyFiles.generate("issuer-1");
        final com.nimbusds.jose.jwk.OctetKeyPair otherKey = KeyFiles.generate("issuer-1");
        final TokenSigner signer = new TokenSigner(issuerKey);
        final TokenVerifier verifier = TokenVerifier.forIssuer("issuer", new JWKSet(issuerKey.toPublicJWK()), CLOCK);
    }

    static JWTClaimsSet claims(Instant exp) {
        return new JWTClaimsSet.Builder().issuer("issuer").audience("merchant").jwtID("apv_1")
                .issueTime(Date.from(NOW.minusSeconds(10))).expirationTime(Date.from(exp)).claim("amount", 100).build();
    }

    @Test
    void aGoodTokenVerifiesAndYieldsItsClaims() throws Exception {
        String token = keys.signer.sign("approval+jwt", claims(NOW.plusSeconds(60)));
        assertThat(keys.verifier.verify(token, "approval+jwt", "merchant").getJWTID()).isEqualTo("apv_1");
    }

    @Test
    void aChangedFieldBreaksTheSignature() {
        String token = keys.signer.sign("approval+jwt", claims(NOW.plusSeconds(60)));
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("100", "1");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertReason(forged, "approval+jwt", "merchant", TokenException.Reason.BAD_SIGNATURE);
    }

    @Test
    void aTokenSignedByAnotherKeyWithTheSameKeyIdIsRefused() {
        String token = new TokenSigner(keys.otherKey).sign("approval+jwt", claims(NOW.plusSeconds(60)));
        assertReason(token, "approval+jwt", "merchant", TokenException.Reason.BAD_SIGNATURE);
    }

    @Test
    void algNoneIsRefusedBeforeAnyKeyIsTouched() {
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"approval+jwt\"}".getBytes(StandardCharsets.UTF_8));
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(claims(NOW.plusSeconds(60)).toString().getBytes(StandardCharsets.UTF_8));
        assertReason(header + "." + payload + ".", "approval+jwt", "merchant", TokenException.Reason.MALFORMED);
    }

    @Test
    void anHmacTokenIsRefusedAsTheWrongAlgorithm() throws Exception {
        var hmac = new com.nimbusds.jose.crypto.MACSigner(new byte[32]);
        var jwt = new com.nimbusds.jwt.SignedJWT(new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.HS256)
                .type(new com.nimbusds.jose.JOSEObjectType("approval+jwt")).keyID("issuer-1").build(), claims(NOW.plusSeconds(60)));
        jwt.sign(hmac);
        assertReason(jwt.serialize(), "approval+jwt", "merchant", TokenException.Reason.WRONG_ALGORITHM);
    }

    @Test
    void newKeysAreEd25519AndAKeyMadeBeforeThatStillSignsWithEs256() throws Exception {
        String token = keys.signer.sign("approval+jwt", claims(NOW.plusSeconds(60)));
        assertThat(com.nimbusds.jwt.SignedJWT.parse(token).getHeader().getAlgorithm()).isEqualTo(com.nimbusds.jose.JWSAlgorithm.Ed25519);
        var older = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).keyID("issuer-0").generate();
        var verifier = TokenVerifier.forIssuer("issuer", new JWKSet(java.util.List.of(keys.issuerKey.toPublicJWK(), older.toPublicJWK())), CLOCK);
        String es256 = new TokenSigner(older).sign("approval+jwt", claims(NOW.plusSeconds(60)));
        assertThat(com.nimbusds.jwt.SignedJWT.parse(es256).getHeader().getAlgorithm()).isEqualTo(com.nimbusds.jose.JWSAlgorithm.ES256);
        assertThat(verifier.verify(es256, "approval+jwt", "merchant").getJWTID()).isEqualTo("apv_1");
        assertThat(verifier.verify(token, "approval+jwt", "merchant").getJWTID()).isEqualTo("apv_1");
    }

    @Test
    void anAlgorithmThatDoesNotFitItsKeyIsRefused() throws Exception {
        // An ES256 token naming the Ed25519 key's id, and an Ed25519 header over an EC key's id.
        var ec = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).keyID("issuer-1").generate();
        String es256 = new TokenSigner(ec).sign("approval+jwt", claims(NOW.plusSeconds(60)));
        assertReason(es256, "approval+jwt", "merchant", TokenException.Reason.WRONG_ALGORITHM);
        var ecVerifier = TokenVerifier.forIssuer("issuer", new JWKSet(ec.toPublicJWK()), CLOCK);
        String ed = keys.signer.sign("approval+jwt", claims(NOW.plusSeconds(60)));
        assertThatThrownBy(() -> ecVerifier.verify(ed, "approval+jwt", "merchant"))
                .isInstanceOf(TokenException.class)
                .extracting(e -> ((TokenException) e).reason()).isEqualTo(TokenException.Reason.WRONG_ALGORITHM);
    }

    @Test
    void theWrongTypeAudienceOrAnExpiredTokenIsRefusedWithItsReason() {
        String token = keys.signer.sign("approval+jwt", claims(NOW.plusSeconds(60)));
        assertReason(token, "allowance+jwt", "merchant", TokenException.Reason.WRONG_TYPE);
        assertReason(token, "approval+jwt", "other-merchant", TokenException.Reason.WRONG_AUDIENCE);
        String expired = keys.signer.sign("approval+jwt", claims(NOW.minus(Duration.ofMinutes(1))));
        assertReason(expired, "approval+jwt", "merchant", TokenException.Reason.EXPIRED);
    }

    @Test
    void anUnknownKeyIdOrGarbageIsRefused() {
        String token = new TokenSigner(KeyFiles.generate("unknown-9")).sign("approval+jwt", claims(NOW.plusSeconds(60)));
        assertReason(token, "approval+jwt", "merchant", TokenException.Reason.UNKNOWN_KEY);
        assertReason("not.a.token", "approval+jwt", "merchant", TokenException.Reason.MALFORMED);
        assertReason("x".repeat(TokenVerifier.MAX_TOKEN_LENGTH + 1), "approval+jwt", "merchant", TokenException.Reason.MALFORMED);
    }

    @Test
    void aClientAssertionIsBoundToItsMethodPathAndBody() throws Exception {
        String assertion = ClientAssertions.create(keys.signer, "issuer", "merchant", "POST", "/v1/x", "{}".getBytes(), CLOCK);
        assertThat(ClientAssertions.verify(keys.verifier, "Bearer " + assertion, "merchant", "POST", "/v1/x", "{}".getBytes()).clientId())
                .isEqualTo("issuer");
        assertThatThrownBy(() -> ClientAssertions.verify(keys.verifier, "Bearer " + assertion, "merchant", "POST", "/v1/x", "{\"a\":1}".getBytes()))
                .isInstanceOf(TokenException.class).extracting(e -> ((TokenException) e).reason()).isEqualTo(TokenException.Reason.WRONG_BINDING);
        assertThatThrownBy(() -> ClientAssertions.verify(keys.verifier, "Bearer " + assertion, "merchant", "POST", "/v1/y", "{}".getBytes()))
                .isInstanceOf(TokenException.class);
    }

    @Test
    void withTheSameKeyATokenOfTheOtherEnvironmentIsRefusedByItsMarkAndAnUnmarkedOneIsLive() throws Exception {
        // Sandbox and live misconfigured to share one key: the mark alone keeps them apart.
        String sandbox = new TokenSigner(keys.issuerKey).marking(Environment.SANDBOX).sign("approval+jwt", claims(NOW.plusSeconds(60)));
        String live = new TokenSigner(keys.issuerKey).marking(Environment.LIVE).sign("approval+jwt", claims(NOW.plusSeconds(60)));
        String unmarked = keys.signer.sign("approval+jwt", claims(NOW.plusSeconds(60)));
        TokenVerifier atLive = keys.verifier.expecting(Environment.LIVE);
        TokenVerifier atSandbox = keys.verifier.expecting(Environment.SANDBOX);

        assertThatThrownBy(() -> atLive.verify(sandbox, "approval+jwt", "merchant")).isInstanceOfSatisfying(TokenException.class,
                e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.WRONG_ENVIRONMENT));
        assertThatThrownBy(() -> atSandbox.verify(live, "approval+jwt", "merchant")).isInstanceOfSatisfying(TokenException.class,
                e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.WRONG_ENVIRONMENT));
        assertThatThrownBy(() -> atSandbox.verify(unmarked, "approval+jwt", "merchant")).isInstanceOfSatisfying(TokenException.class,
                e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.WRONG_ENVIRONMENT));
        assertThat(atSandbox.verify(sandbox, "approval+jwt", "merchant").getClaim(Environment.CLAIM)).isEqualTo("sandbox");
        assertThat(atLive.verify(live, "approval+jwt", "merchant").getClaim(Environment.CLAIM)).isEqualTo("live");
        assertThat(atLive.verify(unmarked, "approval+jwt", "merchant").getJWTID()).isEqualTo("apv_1");
        // A verifier that expects no environment (of terminals' proofs, which carry none) takes either.
        assertThat(keys.verifier.verify(sandbox, "approval+jwt", "merchant").getJWTID()).isEqualTo("apv_1");
    }

    @Test
    void theMarkIsCheckedBeforeTheSignature() {
        // Signed by a stranger's key and marked sandbox: a live verifier says it is of the other environment, not forged.
        String token = new TokenSigner(keys.otherKey).marking(Environment.SANDBOX).sign("approval+jwt", claims(NOW.plusSeconds(60)));
        assertThatThrownBy(() -> keys.verifier.expecting(Environment.LIVE).verify(token, "approval+jwt", "merchant"))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.WRONG_ENVIRONMENT));
    }

    private void assertReason(String token, String type, String audience, TokenException.Reason reason) {
        assertThatThrownBy(() -> keys.verifier.verify(token, type, audience))
                .isInstanceOf(TokenException.class)
                .extracting(e -> ((TokenException) e).reason()).isEqualTo(reason);
    }
}
