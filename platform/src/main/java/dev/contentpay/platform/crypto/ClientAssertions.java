package dev.contentpay.platform.crypto;

import com.nimbusds.jwt.JWTClaimsSet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

/**
 * How one server proves to another who it is, on every call: a short-lived token signed with the
 * caller's registered key, bound to the audience, the method, the path and a hash of the body, so a
 * captured header is worthless for any other request and for long. Sent as
 * {@code Authorization: Bearer <assertion>}, and checked by {@link ClientAssertionCheck}.
 */
public final class ClientAssertions {

    public static final String TYPE = "client-assertion+jwt";
    private static final Duration LIFETIME = Duration.ofSeconds(60);

    private ClientAssertions() {
    }

    /** What an assertion established: the authenticated caller. */
    public record Caller(String clientId) {
    }

    public static String create(TokenSigner signer, String clientId, String audience, String method, String path, byte[] body, Clock clock) {
        Instant now = clock.instant();
        var claims = new JWTClaimsSet.Builder()
                .issuer(clientId)
                .subject(clientId)
                .audience(audience)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .jwtID(UUID.randomUUID().toString())
                .claim("htm", method)
                .claim("htu", path)
                .claim("bh", bodyHash(body))
                .build();
        return signer.sign(TYPE, claims);
    }

    /** The bare check, with the reason it failed; servers use {@link ClientAssertionCheck}, which keeps the reason to the log. */
    static Caller verify(TokenVerifier verifier, String authorization, String audience, String method, String path, byte[] body)
            throws TokenException {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            throw new TokenException(TokenException.Reason.MALFORMED, "no client assertion was sent");
        }
        JWTClaimsSet claims = verifier.verify(authorization.substring("Bearer ".length()).trim(), TYPE, audience);
        Date exp = claims.getExpirationTime();
        Date iat = claims.getIssueTime();
        if (iat == null || exp.getTime() - iat.getTime() > LIFETIME.toMillis() + 1000) {
            throw new TokenException(TokenException.Reason.MALFORMED, "the client assertion lives too long");
        }
        if (!method.equals(claims.getClaim("htm")) || !path.equals(claims.getClaim("htu"))
                || !bodyHash(body).equals(claims.getClaim("bh"))) {
            throw new TokenException(TokenException.Reason.WRONG_BINDING, "the client assertion was made for another request");
        }
        return new Caller(claims.getIssuer());
    }

    public static String bodyHash(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body == null ? new byte[0] : body);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256Hex(String s) {
        return sha256Hex(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A fresh SHA-256 digest, for hashing what passes a buffer at a time (contents streamed to and from files). */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The lower-case hex SHA-256 of what {@code in} holds to its end, read a buffer at a time; {@code in} is not closed. */
    public static String sha256Hex(java.io.InputStream in) throws java.io.IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
        return java.util.HexFormat.of().formatHex(digest.digest());
    }
}
