package dev.contentpay.platform.crypto;

import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing the token verifier and client assertions (docs/RELIABILITY.md): whatever string arrives,
 * verification either refuses it with a {@link TokenException} or accepts a token that is, byte for
 * byte once decoded, the genuine one. Any other exception, or any accepted forgery, fails.
 */
class TokenFuzzTest {

    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final OctetKeyPair KEY = KeyFiles.generate("issuer-1");
    static final TokenSigner SIGNER = new TokenSigner(KEY);
    static final TokenVerifier VERIFIER = TokenVerifier.forIssuer("issuer", new JWKSet(KEY.toPublicJWK()), CLOCK);
    static final String GENUINE = SIGNER.sign("approval+jwt", new JWTClaimsSet.Builder().issuer("issuer").audience("merchant")
            .jwtID("apv_1").subject("psn_1").issueTime(Date.from(NOW)).expirationTime(Date.from(NOW.plusSeconds(300)))
            .claim("order", "ord_1").claim("amount", 100).claim("currency", "JPY").build());
    static final byte[] BODY = "{\"approval\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    static final String ASSERTION = ClientAssertions.create(SIGNER, "issuer", "merchant", "POST", "/v1/merchant/judgements", BODY, CLOCK);

    @Property
    void aMutatedTokenIsRefusedOrIsTheGenuineOneInSubstance(@ForAll("mutatedTokens") String token) {
        verifyOrRefuse(token, GENUINE, () -> VERIFIER.verify(token, "approval+jwt", "merchant"));
    }

    @Property
    void anyStringIsRefusedAsAToken(@ForAll("anyText") String token) {
        assertRefused(token);
    }

    @Property
    void aTokenMadeOfRandomHeaderClaimsAndSignatureIsRefused(@ForAll("randomTokens") String token) {
        assertRefused(token);
    }

    static void assertRefused(String token) {
        try {
            VERIFIER.verify(token, "approval+jwt", "merchant");
            throw new AssertionError("accepted " + token);
        } catch (TokenException expected) {
            assertThat(expected.reason()).isNotNull();
        }
    }

    @Property
    void aMutatedClientAssertionIsRefusedOrIsTheGenuineOneInSubstance(@ForAll("mutatedAssertions") String assertion) {
        verifyOrRefuse(assertion, ASSERTION, () -> ClientAssertions.verify(VERIFIER, "Bearer " + assertion, "merchant", "POST",
                "/v1/merchant/judgements", BODY));
    }

    @Property
    void anyAuthorizationHeaderIsRefusedAsAClientAssertion(@ForAll("anyText") String header) {
        try {
            ClientAssertions.verify(VERIFIER, header, "merchant", "POST", "/v1/merchant/judgements", BODY);
            throw new AssertionError("accepted " + header);
        } catch (TokenException expected) {
            assertThat(expected.reason()).isNotNull();
        }
    }

    @Property
    void aGenuineAssertionIsRefusedForAnyOtherRequest(@ForAll("methods") String method, @ForAll("anyText") String path,
                                                     @ForAll byte[] body) {
        boolean same = method.equals("POST") && path.equals("/v1/merchant/judgements") && Arrays.equals(body, BODY);
        try {
            ClientAssertions.verify(VERIFIER, "Bearer " + ASSERTION, "merchant", method, path, body);
            assertThat(same).as("accepted for " + method + " " + path).isTrue();
        } catch (TokenException e) {
            assertThat(same).isFalse();
        }
    }

    interface Verification {
        void run() throws TokenException;
    }

    /** Accepted only when header, payload and signature decode to the genuine token's bytes. */
    static void verifyOrRefuse(String token, String genuine, Verification verification) {
        try {
            verification.run();
        } catch (TokenException refused) {
            return;
        }
        assertThat(decoded(token)).as("an accepted token must be the genuine one: " + token).isEqualTo(decoded(genuine));
    }

    static List<String> decoded(String token) {
        return Arrays.stream(token.split("\\.", -1)).map(p -> Arrays.toString(new Base64URL(p).decode())).toList();
    }

    @Provide
    Arbitrary<String> mutatedTokens() {
        return mutationsOf(GENUINE);
    }

    @Provide
    Arbitrary<String> mutatedAssertions() {
        return mutationsOf(ASSERTION);
    }

    /** One to three edits of a genuine token: replaced, inserted or deleted characters, a cut, a flipped bit, swapped parts. */
    static Arbitrary<String> mutationsOf(String genuine) {
        Arbitrary<Character> chars = Arbitraries.oneOf(Arbitraries.chars().with("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ "),
                Arbitraries.chars());
        Arbitrary<UnaryOperator> edit = Combinators.combine(Arbitraries.integers().between(0, 6), Arbitraries.integers().between(0, genuine.length()),
                chars, Arbitraries.integers().between(0, 7)).as((kind, at, c, bit) -> s -> {
                    int i = Math.min(at, s.length());
                    return switch (kind) {
                        case 0 -> i < s.length() ? s.substring(0, i) + c + s.substring(i + 1) : s + c;
                        case 1 -> s.substring(0, i) + c + s.substring(i);
                        case 2 -> i < s.length() ? s.substring(0, i) + s.substring(i + 1) : s;
                        case 3 -> s.substring(0, i);
                        case 4 -> flipBit(s, i, bit);
                        case 5 -> swapParts(s);
                        default -> s.replace(".", i % 2 == 0 ? ".." : "");
                    };
                });
        return edit.list().ofMinSize(1).ofMaxSize(3).map(edits -> {
            String s = genuine;
            for (UnaryOperator e : edits) s = e.apply(s);
            return s;
        });
    }

    interface UnaryOperator extends java.util.function.UnaryOperator<String> {
    }

    /** Flips one bit of the decoded part that holds position {@code at}, and encodes it again. */
    static String flipBit(String token, int at, int bit) {
        String[] parts = token.split("\\.", -1);
        int part = 0;
        for (int seen = 0; part < parts.length - 1 && seen + parts[part].length() < at; part++) seen += parts[part].length() + 1;
        byte[] bytes = new Base64URL(parts[part]).decode();
        if (bytes.length == 0) return token;
        bytes[at % bytes.length] ^= (byte) (1 << bit);
        parts[part] = Base64URL.encode(bytes).toString();
        return String.join(".", parts);
    }

    static String swapParts(String token) {
        String[] p = token.split("\\.", -1);
        return p.length < 3 ? token : p[1] + "." + p[0] + "." + p[2];
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200),
                Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.").ofMaxLength(400),
                Arbitraries.strings().ofMaxLength(50).map(s -> "Bearer " + s),
                Arbitraries.just("x".repeat(TokenVerifier.MAX_TOKEN_LENGTH + 1)));
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.oneOf(Arbitraries.of("POST", "GET", "PUT", "DELETE", "post"), Arbitraries.strings().ofMaxLength(8));
    }

    /** Tokens built from parts: a header with any algorithm, type and key id, any claims, any signature bytes. */
    @Provide
    Arbitrary<String> randomTokens() {
        Arbitrary<String> alg = Arbitraries.oneOf(Arbitraries.of("none", "None", "HS256", "RS256", "ES256", "ES384", "ES512", "PS256", "EdDSA", ""),
                Arbitraries.strings().alpha().ofMaxLength(10));
        Arbitrary<String> typ = Arbitraries.oneOf(Arbitraries.of("approval+jwt", "allowance+jwt", "JWT", "purchase-info+jwt"), Arbitraries.strings().ofMaxLength(20));
        Arbitrary<String> kid = Arbitraries.oneOf(Arbitraries.just("issuer-1"), Arbitraries.strings().ofMaxLength(20));
        Arbitrary<String> header = Combinators.combine(alg, typ, kid, Arbitraries.of(true, false))
                .as((a, t, k, crit) -> "{\"alg\":" + json(a) + ",\"typ\":" + json(t) + ",\"kid\":" + json(k) + (crit ? ",\"crit\":[\"exp\"]" : "") + "}");
        Arbitrary<String> claims = Combinators.combine(Arbitraries.of("issuer", "other", ""), Arbitraries.of("merchant", "other"),
                Arbitraries.longs().between(-10_000_000_000L, 10_000_000_000L), Arbitraries.strings().ofMaxLength(30))
                .as((iss, aud, exp, extra) -> "{\"iss\":" + json(iss) + ",\"aud\":" + json(aud) + ",\"exp\":" + exp + ",\"iat\":" + (exp - 60)
                        + ",\"amount\":100,\"x\":" + json(extra) + "}");
        Arbitrary<String> signature = Arbitraries.bytes().array(byte[].class).ofMaxSize(100).map(b -> Base64URL.encode(b).toString());
        return Combinators.combine(header, claims, signature).as((h, c, s) -> b64(h) + "." + b64(c) + "." + s);
    }

    /** A JSON string literal, escaped as the servers' own writer escapes it. */
    static String json(String s) {
        return dev.contentpay.platform.http.Json.writeString(s);
    }

    static String b64(String s) {
        return Base64URL.encode(s.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
