package dev.contentpay.platform.crypto;

import dev.contentpay.platform.io.OwnerOnlyFiles;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;

/**
 * A server's signing key: an EC P-256 key pair kept as a JWK file that only its owner can read,
 * created on first start. Other parties are given only the public half.
 */
public final class KeyFiles {

    private KeyFiles() {
    }

    public static ECKey loadOrCreate(Path file, String keyId) {
        try {
            if (Files.exists(file)) {
                return ECKey.parse(Files.readString(file));
            }
            ECKey key = generate(keyId);
            if (OwnerOnlyFiles.createWith(file, key.toJSONString().getBytes(java.nio.charset.StandardCharsets.UTF_8))) return key;
            return ECKey.parse(Files.readString(file));
        } catch (IOException | ParseException e) {
            throw new IllegalStateException("cannot read or create the key file " + file + ": " + e.getMessage(), e);
        }
    }

    public static ECKey generate(String keyId) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(keyId).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an EC key", e);
        }
    }

    /** Writes the public half, which may be shared freely, as a JWK set. */
    public static void writePublic(Path file, List<ECKey> keys) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, new JWKSet(keys.stream().map(k -> (com.nimbusds.jose.jwk.JWK) k.toPublicJWK()).toList()).toString(true));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static JWKSet readPublic(Path file) {
        try {
            return JWKSet.parse(Files.readString(file)).toPublicJWKSet();
        } catch (IOException | ParseException e) {
            throw new IllegalStateException("cannot read the public keys in " + file + ": " + e.getMessage(), e);
        }
    }
}
