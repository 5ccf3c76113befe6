package dev.contentpay.platform.crypto;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Signs tokens with one EC key, always ES256, with the token's type in the {@code typ} header. */
public final class TokenSigner {

    private final ECKey key;
    private final ECDSASigner signer;

    public TokenSigner(ECKey key) {
        this.key = key;
        try {
            this.signer = new ECDSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("not a private EC key: " + key.getKeyID(), e);
        }
    }

    public String sign(String type, JWTClaimsSet claims) {
        var header = new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType(type)).keyID(key.getKeyID()).build();
        var jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a " + type + " token", e);
        }
        return jwt.serialize();
    }

    public ECKey publicKey() {
        return key.toPublicJWK();
    }

    public String keyId() {
        return key.getKeyID();
    }
}
