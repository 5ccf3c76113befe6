package dev.contentpay.e2e;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.contentpay.platform.crypto.TokenSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.contentpay.platform.crypto.KeyFiles;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/**
 * The ways to forge or break a signed token, each applied to a genuine one. Some need only the
 * token (a changed field keeps the old signature); the ones that test what a verifier checks after
 * the signature (times, audience, type, issuer) are signed with the genuine key, as if that key
 * had signed a token it should not have: only the check under test can then refuse them.
 */
enum Forgery {
    CHANGED_FIELD, SIGNED_BY_ANOTHER_KEY_WITH_THE_SAME_KEY_ID, TRUNCATED_SIGNATURE, FLIPPED_SIGNATURE_BIT, NO_SIGNATURE,
    ALG_NONE, HS256_KEYED_WITH_THE_PUBLIC_KEY, RS256, ES256_BY_A_P256_KEY_WITH_THE_SAME_KEY_ID, ES384_IN_THE_HEADER, UNKNOWN_KEY_ID, NO_KEY_ID,
    EXPIRED_BEYOND_THE_SKEW, NOT_YET_VALID_BEYOND_THE_SKEW, WRONG_AUDIENCE, WRONG_TYPE, NO_TYPE, WRONG_ISSUER,
    GARBAGE, EMPTY, TWO_PARTS, FIVE_PARTS;

    private static final Duration BEYOND_SKEW = Duration.ofMinutes(5);
    private static final OctetKeyPair STRANGER = KeyFiles.generate("stranger-1");
    private static final Map<String, String> OTHER_TYPE = Map.of("approval+jwt", "allowance+jwt", "allowance+jwt", "approval+jwt",
            "purchase-info+jwt", "approval+jwt", "client-assertion+jwt", "approval+jwt");

    /** This forgery of {@code genuine}, whose signer's private key is {@code key}, at {@code now}. */
    String apply(String genuine, OctetKeyPair key, Instant now) {
        try {
            SignedJWT jwt = SignedJWT.parse(genuine);
            JWSHeader header = jwt.getHeader();
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            String[] parts = genuine.split("\\.");
            return switch (this) {
                case CHANGED_FIELD -> parts[0] + "." + changedPayload(claims) + "." + parts[2];
                case SIGNED_BY_ANOTHER_KEY_WITH_THE_SAME_KEY_ID -> sign(header, claims, TokenSigner.jwsSignerFor(KeyFiles.generate(key.getKeyID())));
                case TRUNCATED_SIGNATURE -> genuine.substring(0, genuine.length() - 10);
                case FLIPPED_SIGNATURE_BIT -> parts[0] + "." + parts[1] + "." + flipped(parts[2]);
                case NO_SIGNATURE -> parts[0] + "." + parts[1] + ".";
                case ALG_NONE -> b64("{\"alg\":\"none\",\"typ\":\"" + header.getType() + "\",\"kid\":\"" + key.getKeyID() + "\"}") + "." + parts[1] + ".";
                case HS256_KEYED_WITH_THE_PUBLIC_KEY -> sign(with(header, JWSAlgorithm.HS256), claims,
                        new MACSigner(key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8)));
                case RS256 -> sign(with(header, JWSAlgorithm.RS256), claims, new RSASSASigner(new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate()));
                case ES256_BY_A_P256_KEY_WITH_THE_SAME_KEY_ID -> sign(with(header, JWSAlgorithm.ES256), claims,
                        new ECDSASigner(new ECKeyGenerator(Curve.P_256).keyID(key.getKeyID()).generate()));
                case ES384_IN_THE_HEADER -> b64("{\"alg\":\"ES384\",\"typ\":\"" + header.getType() + "\",\"kid\":\"" + key.getKeyID() + "\"}")
                        + "." + parts[1] + "." + parts[2];
                case UNKNOWN_KEY_ID -> sign(new JWSHeader.Builder(header).keyID("unknown-9").build(), claims, TokenSigner.jwsSignerFor(STRANGER));
                case NO_KEY_ID -> sign(new JWSHeader.Builder(header).keyID(null).build(), claims, TokenSigner.jwsSignerFor(key));
                case EXPIRED_BEYOND_THE_SKEW -> sign(header, times(claims, now.minus(BEYOND_SKEW).minusSeconds(30), now.minus(BEYOND_SKEW)), TokenSigner.jwsSignerFor(key));
                case NOT_YET_VALID_BEYOND_THE_SKEW -> sign(header, times(claims, now.plus(BEYOND_SKEW), now.plus(BEYOND_SKEW).plusSeconds(30)), TokenSigner.jwsSignerFor(key));
                case WRONG_AUDIENCE -> sign(header, new JWTClaimsSet.Builder(claims).audience("someone-else").build(), TokenSigner.jwsSignerFor(key));
                case WRONG_TYPE -> sign(new JWSHeader.Builder(header).type(new JOSEObjectType(OTHER_TYPE.get(header.getType().getType()))).build(),
                        claims, TokenSigner.jwsSignerFor(key));
                case NO_TYPE -> sign(new JWSHeader.Builder(header).type(null).build(), claims, TokenSigner.jwsSignerFor(key));
                case WRONG_ISSUER -> sign(header, new JWTClaimsSet.Builder(claims).issuer("someone-else").build(), TokenSigner.jwsSignerFor(key));
                case GARBAGE -> "this.is not a token' OR 1=1 --";
                case EMPTY -> "";
                case TWO_PARTS -> parts[0] + "." + parts[1];
                case FIVE_PARTS -> genuine + ".AAAA.BBBB";
            };
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("cannot forge " + this, e);
        }
    }

    /** Whether the forgery was signed by the genuine key: the signature then verifies and a later check must refuse it. */
    boolean signedByTheGenuineKey() {
        return switch (this) {
            case NO_KEY_ID, EXPIRED_BEYOND_THE_SKEW, NOT_YET_VALID_BEYOND_THE_SKEW, WRONG_AUDIENCE, WRONG_TYPE, NO_TYPE, WRONG_ISSUER -> true;
            default -> false;
        };
    }

    /** A copy of the genuine token's claims with its lifetime moved, keeping its length. */
    static JWTClaimsSet times(JWTClaimsSet claims, Instant issued, Instant expires) {
        return new JWTClaimsSet.Builder(claims).issueTime(Date.from(issued)).expirationTime(Date.from(expires)).build();
    }

    static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) throws JOSEException {
        var jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static JWSHeader with(JWSHeader header, JWSAlgorithm alg) {
        return new JWSHeader.Builder(alg).type(header.getType()).keyID(header.getKeyID()).build();
    }

    /** The payload with its amount raised (or, for tokens without one, its id changed), re-encoded. */
    private static String changedPayload(JWTClaimsSet claims) {
        var changed = new JWTClaimsSet.Builder(claims);
        Object amount = claims.getClaim("amount");
        if (amount instanceof Number n) changed.claim("amount", n.longValue() * 10);
        else changed.jwtID((claims.getJWTID() == null ? "" : claims.getJWTID()) + "x").claim("htu", "/v1/merchant/refunds");
        return b64(changed.build().toString());
    }

    private static String flipped(String signature) {
        byte[] bytes = new Base64URL(signature).decode();
        bytes[bytes.length / 2] ^= 0x01;
        return Base64URL.encode(bytes).toString();
    }

    private static String b64(String json) {
        return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
    }

}
