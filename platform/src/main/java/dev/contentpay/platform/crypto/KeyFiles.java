package dev.contentpay.platform.crypto;

import dev.contentpay.platform.io.OwnerOnlyFiles;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;

/**
 * A server's signing key: an Ed25519 key pair kept as a JWK file that only its owner can read,
 * created on first start. Other parties are given only the public half. A P-256 key file made
 * before Ed25519 was chosen is still read and used (ES256) until it is replaced. A file that has seen
 * a rotation holds a {@link KeyRing}; {@link #loadOrCreate} gives its current key.
 */
public final class KeyFiles {

    private KeyFiles() {
    }

    public static JWK loadOrCreate(Path file, String keyId) {
        try {
            if (Files.exists(file)) {
                return currentOf(file);
            }
            JWK key = generate(keyId);
            if (OwnerOnlyFiles.createWith(file, key.toJSONString().getBytes(java.nio.charset.StandardCharsets.UTF_8))) return key;
            return currentOf(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create the key file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The key signing now in a key file: its one key, or the current key of a {@link KeyRing}. */
    private static JWK currentOf(Path file) throws IOException {
        return KeyRing.read(file).stream().filter(e -> e.retiresAt() == null).findFirst().orElseThrow().key();
    }

    /** A new Ed25519 signing key pair. */
    public static OctetKeyPair generate(String keyId) {
        return Ed25519Jws.generate(keyId);
    }

    /** A signing key in JWK form: Ed25519 (an OKP key), or P-256 made before Ed25519 was chosen. */
    public static JWK parseSigningKey(String json) throws ParseException {
        JWK key = JWK.parse(json);
        if (!Ed25519Jws.isEd25519(key) && !(key instanceof ECKey)) {
            throw new ParseException("not an Ed25519 or P-256 key", 0);
        }
        return key;
    }

    /**
     * Writes the public half, which may be shared freely, as a JWK set: through a temporary file
     * moved into place, so a verifier reading it again while a rotation writes it sees the old set
     * or the new one, never half of one.
     */
    public static void writePublic(Path file, List<? extends JWK> keys) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + "." + Thread.currentThread().threadId() + ".tmp");
            Files.writeString(tmp, new JWKSet(keys.stream().map(JWK::toPublicJWK).toList()).toString(true));
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
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
