package dev.contentpay.platform.crypto;

import com.nimbusds.jose.JOSEException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.Function;

/**
 * Checks a token in a fixed order: well formed, Ed25519 or ES256 and nothing else (so
 * {@code alg: none} and HMAC confusion fail before any key is touched), the expected type, a known
 * key id whose key type is the one its algorithm needs (an Ed25519 key checks only Ed25519, a P-256
 * key only ES256), the signature, then the times (with a small allowed skew), issuer and audience.
 *
 * <p>A key whose JWK {@code exp} (its retirement, {@link KeyRing}) has passed is not known any more. When
 * the issuer's keys come from a {@link KeySource}, a key id not among them makes the source read them
 * again once before the token is refused, so a party's rotation reaches its verifiers without a restart.
 *
 * <p>The checker for each key is made once and kept: decoding a public key costs more than a check.
 */
public final class TokenVerifier {

    /** Tokens longer than this are refused unparsed. */
    public static final int MAX_TOKEN_LENGTH = 8 * 1024;

    private final Function<String, JWKSet> keysByIssuer;
    private final Clock clock;
    private final Duration skew;
    private final Cache<JWK, JWSVerifier> verifiers;
    /** The environment whose mark tokens must carry ({@link Environment}); null: not checked (tokens of parties that mark none, such as terminals). */
    private final Environment environment;

    public TokenVerifier(Function<String, JWKSet> keysByIssuer, Clock clock, Duration skew) {
        this(keysByIssuer, clock, skew, null, Caffeine.newBuilder().maximumSize(1_000).executor(Runnable::run).build());
    }

    private TokenVerifier(Function<String, JWKSet> keysByIssuer, Clock clock, Duration skew, Environment environment,
                          Cache<JWK, JWSVerifier> verifiers) {
        this.keysByIssuer = keysByIssuer;
        this.clock = clock;
        this.skew = skew;
        this.environment = environment;
        this.verifiers = verifiers;
    }

    /**
     * This verifier, refusing with {@link TokenException.Reason#WRONG_ENVIRONMENT} a token not marked
     * with {@code environment}: checked as soon as the claims are read, before any key is looked up,
     * so a sandbox token at a live server (or the reverse) is told apart from a forgery at the cost
     * of one comparison. A null {@code environment} checks nothing.
     */
    public TokenVerifier expecting(Environment environment) {
        return new TokenVerifier(keysByIssuer, clock, skew, environment, verifiers);
    }

    /** A verifier for tokens of one issuer whose keys are known. */
    public static TokenVerifier forIssuer(String issuer, JWKSet keys, Clock clock) {
        return new TokenVerifier(i -> issuer.equals(i) ? keys : null, clock, Duration.ofSeconds(30));
    }

    public JWTClaimsSet verify(String token, String expectedType, String expectedAudience) throws TokenException {
        SignedJWT jwt = parse(token);
        var header = jwt.getHeader();
        JWSAlgorithm algorithm = header.getAlgorithm();
        if (!Ed25519Jws.ALGORITHM.equals(algorithm) && !JWSAlgorithm.ES256.equals(algorithm)) {
            throw new TokenException(TokenException.Reason.WRONG_ALGORITHM, "the token is not signed with Ed25519 or ES256");
        }
        if (header.getType() == null || !expectedType.equals(header.getType().getType())) {
            throw new TokenException(TokenException.Reason.WRONG_TYPE, "the token is not of type " + expectedType);
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new TokenException(TokenException.Reason.MALFORMED, "the token's claims are not valid JSON");
        }
        if (environment != null && !environment.marks(claims.getClaim(Environment.CLAIM))) {
            throw new TokenException(TokenException.Reason.WRONG_ENVIRONMENT, "the token is not marked " + environment.mark());
        }
        JWKSet keys = claims.getIssuer() == null ? null : keysByIssuer.apply(claims.getIssuer());
        if (keys == null) {
            throw new TokenException(TokenException.Reason.WRONG_ISSUER, "the token's issuer is not trusted");
        }
        JWK jwk = header.getKeyID() == null ? null : keys.getKeyByKeyId(header.getKeyID());
        if (jwk == null && header.getKeyID() != null && keysByIssuer instanceof KeySource source) {
            // A trusted party may have rotated its key: read its public set again (the source limits how often).
            JWKSet reloaded = source.reload(claims.getIssuer());
            if (reloaded != null) jwk = reloaded.getKeyByKeyId(header.getKeyID());
        }
        if (jwk == null) {
            throw new TokenException(TokenException.Reason.UNKNOWN_KEY, "the token's key id is not known");
        }
        if (jwk.getExpirationTime() != null && !clock.instant().isBefore(jwk.getExpirationTime().toInstant())) {
            throw new TokenException(TokenException.Reason.UNKNOWN_KEY, "the token's key was retired at " + jwk.getExpirationTime().toInstant());
        }
        boolean fits = Ed25519Jws.ALGORITHM.equals(algorithm) ? Ed25519Jws.isEd25519(jwk) : jwk instanceof ECKey;
        if (!fits) {
            throw new TokenException(TokenException.Reason.WRONG_ALGORITHM, "the token's algorithm does not fit its key");
        }
        try {
            if (!jwt.verify(verifiers.get(jwk, TokenVerifier::verifierFor))) {
                throw new TokenException(TokenException.Reason.BAD_SIGNATURE, "the token's signature is wrong");
            }
        } catch (JOSEException | IllegalArgumentException e) {
            throw new TokenException(TokenException.Reason.BAD_SIGNATURE, "the token's signature cannot be checked");
        }
        checkTimes(claims);
        if (expectedAudience != null && (claims.getAudience() == null || !claims.getAudience().contains(expectedAudience))) {
            throw new TokenException(TokenException.Reason.WRONG_AUDIENCE, "the token is meant for another party");
        }
        return claims;
    }

    /** The JWS checker for a public key, by its type: for tools and tests that check tokens by hand. */
    public static JWSVerifier jwsVerifierFor(JWK jwk) {
        return verifierFor(jwk);
    }

    private static JWSVerifier verifierFor(JWK jwk) {
        try {
            return jwk instanceof OctetKeyPair okp ? new Ed25519Jws.Verifier(okp.toPublicJWK()) : new ECDSAVerifier(((ECKey) jwk).toPublicJWK());
        } catch (JOSEException | IllegalArgumentException e) {
            throw new IllegalArgumentException("an unusable public key: " + jwk.getKeyID(), e);
        }
    }

    private void checkTimes(JWTClaimsSet claims) throws TokenException {
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) throw new TokenException(TokenException.Reason.MALFORMED, "the token has no expiry");
        if (now.minus(skew).isAfter(exp.toInstant())) {
            throw new TokenException(TokenException.Reason.EXPIRED, "the token expired at " + exp.toInstant());
        }
        Date nbf = claims.getNotBeforeTime() != null ? claims.getNotBeforeTime() : claims.getIssueTime();
        if (nbf != null && now.plus(skew).isBefore(nbf.toInstant())) {
            throw new TokenException(TokenException.Reason.NOT_YET_VALID, "the token is not valid before " + nbf.toInstant());
        }
    }

    private static SignedJWT parse(String token) throws TokenException {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw new TokenException(TokenException.Reason.MALFORMED, "the token is missing or too long");
        }
        try {
            return SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw new TokenException(TokenException.Reason.MALFORMED, "the token is not a signed JWT");
        }
    }
}
