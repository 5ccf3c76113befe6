package dev.contentpay.platform.crypto;

import com.nimbusds.jose.jwk.JWKSet;

import java.util.function.Function;

/**
 * The public keys of the parties a {@link TokenVerifier} trusts, by issuer, that can be read again
 * when a token names a key id not among them: a party that rotated its key publishes the new one
 * beside the old, and its tokens are taken without a restart. Reading again is the source's own
 * business to limit (at most once every few seconds), so forged key ids cannot make it spin.
 */
public interface KeySource extends Function<String, JWKSet> {

    /**
     * The issuer's keys read again from where they are kept; when they were read just now (by a
     * request meeting the same new key), or cannot be read, the keys as last read; null for an
     * issuer it does not know.
     */
    JWKSet reload(String issuer);
}
