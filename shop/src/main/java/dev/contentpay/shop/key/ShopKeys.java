package dev.contentpay.shop.key;

import com.nimbusds.jose.jwk.JWKSet;
import dev.contentpay.platform.crypto.KeyRing;
import dev.contentpay.platform.crypto.TokenSigner;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The shop's signing keys, which seal purchasing information: a {@link KeyRing} whose current key
 * seals. The private halves stay in their file; the public halves of every key not yet retired are
 * written beside it, so the operator can hand them to auth and settlement (who open the seals), and
 * are served at {@code GET /v1/keys}.
 */
public final class ShopKeys implements AutoCloseable {

    private final KeyRing ring;

    private ShopKeys(KeyRing ring) {
        this.ring = ring;
    }

    /** Loads the keys (making the first on first start) and writes their public set to {@code publicFile}. */
    public static ShopKeys loadOrCreate(Path keyFile, String keyId, Path publicFile, Duration retireAfter, Clock clock) {
        return new ShopKeys(KeyRing.loadOrCreate(keyFile, keyId, publicFile, retireAfter, clock));
    }

    public TokenSigner signer() {
        return ring.signer();
    }

    public KeyRing ring() {
        return ring;
    }

    /** Only public keys: safe to publish. */
    public JWKSet publicKeys() {
        return ring.publicKeys();
    }

    @Override
    public void close() {
        ring.close();
    }
}
