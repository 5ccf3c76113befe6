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
 * until they are replaced). The algorithm follows from the key, never from a caller.
 */
public final class TokenSigner {

    private final JWK key;
    private final JWSAlgorithm algorithm;
    private final JWSSigner signer;

    public TokenSigner(JWK key) {
        this.key = key;
        if (key instanceof OctetKeyPair okp && Ed25519Jws.isEd25519(okp) && okp.isPrivate()) {
            this.algorithm = Ed25519Jws.ALGORITHM;
            this.signer = new Ed25519Jws.Signer(okp);
        } else if (key instanceof ECKey ec && ec.isPrivate()) {
            this.algorithm = JWSAlgorithm.ES256;
            try {
                this.signer = new ECDSASigner(ec);
            } catch (JOSEException e) {
                throw new IllegalArgumentException("not a private P-256 key: " + key.getKeyID(), e);
            }
        } else {
            throw new IllegalArgumentException("not a private Ed25519 or P-256 signing key: " + key.getKeyID());
        }
    }

    /** The JWS signer for a private key, by its type: for tools and tests that build tokens by hand. */
    public static JWSSigner jwsSignerFor(JWK key) {
        return new TokenSigner(key).signer;
    }

    public String sign(String type, JWTClaimsSet claims) {
        var header = new JWSHeader.Builder(algorithm).type(new JOSEObjectType(type)).keyID(key.getKeyID()).build();
        var jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a " + type + " token", e);
        }
        return jwt.serialize();
    }

    public JWK publicKey() {
        return key.toPublicJWK();
    }

    public String keyId() {
        return key.getKeyID();
    }
}
