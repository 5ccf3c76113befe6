package dev.contentpay.shop.key;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.crypto.TokenSigner;

import java.nio.file.Path;
import java.util.List;

/**
 * The shop's signing key, which seals purchasing information. The private half stays in its file;
 * the public half is written beside it on every start, so the operator can hand it to auth and
 * settlement (who open the seals), and is served at {@code GET /v1/keys}.
 */
public final class ShopKeys {

    private final TokenSigner signer;
    private final JWKSet publicKeys;

    private ShopKeys(JWK key) {
        this.signer = new TokenSigner(key);
        this.publicKeys = new JWKSet(key.toPublicJWK());
    }

    /** Loads the key (creating it on first start) and writes its public set to {@code publicFile}. */
    public static ShopKeys loadOrCreate(Path keyFile, String keyId, Path publicFile) {
        JWK key = KeyFiles.loadOrCreate(keyFile, keyId);
        if (!key.isPrivate()) {
            throw new IllegalStateException("the signing key file " + keyFile + " holds no private key");
        }
        KeyFiles.writePublic(publicFile, List.of(key));
        return new ShopKeys(key);
    }

    public TokenSigner signer() {
        return signer;
    }

    /** Only public keys: safe to publish. */
    public JWKSet publicKeys() {
        return publicKeys;
    }
}
