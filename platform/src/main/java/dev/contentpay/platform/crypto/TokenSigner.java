package dev.contentpay.platform.crypto;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Signs tokens with one key, with the token's type in the {@code typ} header: Ed25519 for every key
 * made now, ES256 for an EC P-256 key made before (so a deployment's old key files keep working
 * until they are replaced). The algorithm follows from the key, never from a caller. A signer made
 * by a {@link KeyRing} follows its rotations: every token is signed with the ring's newest key.
 */
public final class TokenSigner {

    /** The key signing now, with its algorithm and signer; replaced whole when a {@link KeyRing} rotates. */
    private record State(JWK key, JWSAlgorithm algorithm, JWSSigner signer) {
    }

    private volatile State state;
    /** The environment every token is marked with ({@link Environment}); null until a server sets it, and then no mark. */
    private volatile Environment environment;

    public TokenSigner(JWK key) {
        this.state = stateOf(key);
    }

    private static State stateOf(JWK key) {
        if (key instanceof OctetKeyPair okp && Ed25519Jws.isEd25519(okp) && okp.isPrivate()) {
            return new State(key, Ed25519Jws.ALGORITHM, new Ed25519Jws.Signer(okp));
        } else if (key instanceof ECKey ec && ec.isPrivate()) {
            try {
                return new State(key, JWSAlgorithm.ES256, new ECDSASigner(ec));
            } catch (JOSEException e) {
                throw new IllegalArgumentException("not a private P-256 key: " + key.getKeyID(), e);
            }
        } else {
            throw new IllegalArgumentException("not a private Ed25519 or P-256 signing key: " + key.getKeyID());
        }
    }

    /**
     * Marks every token signed from now on with {@code environment} (claim {@value Environment#CLAIM}):
     * set once by the server that owns the key, before it signs anything, so that nothing it issues
     * goes unmarked. Returns this signer.
     */
    public TokenSigner marking(Environment environment) {
        this.environment = environment;
        return this;
    }

    /** The environment this signer marks its tokens with; null when it marks none. */
    public Environment environment() {
        return environment;
    }

    /** Signs with {@code key} from now on: a key ring's rotation, seen at once by everyone holding this signer. */
    void switchTo(JWK key) {
        this.state = stateOf(key);
    }

    /** The JWS signer for a private key, by its type: for tools and tests that build tokens by hand. */
    public static JWSSigner jwsSignerFor(JWK key) {
        return stateOf(key).signer();
    }

    public String sign(String type, JWTClaimsSet claims) {
        State now = state;
        var header = new JWSHeader.Builder(now.algorithm()).type(new JOSEObjectType(type)).keyID(now.key().getKeyID()).build();
        Environment env = environment;
        var jwt = new SignedJWT(header, env == null ? claims : env.mark(claims));
        try {
            jwt.sign(now.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a " + type + " token", e);
        }
        return jwt.serialize();
    }

    /** The public half of the key signing now. */
    public JWK publicKey() {
        return state.key().toPublicJWK();
    }

    public String keyId() {
        return state.key().getKeyID();
    }
}
