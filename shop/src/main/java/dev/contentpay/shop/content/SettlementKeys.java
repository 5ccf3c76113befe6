package dev.contentpay.shop.content;

import com.nimbusds.jose.jwk.JWKSet;
import dev.contentpay.platform.crypto.KeyFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

/**
 * The public keys of the merchant's settlement server, read from a JWK set file. The file is read
 * again whenever it changes, so that the shop can start before settlement has written its keys (as
 * in the one-JVM demo) and an operator can rotate settlement's key without restarting the shop.
 */
final class SettlementKeys {

    private record Loaded(FileTime modified, long size, JWKSet keys) {
    }

    private final Path file;
    private volatile Loaded loaded;

    SettlementKeys(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** The current keys, or empty when the file is missing or unreadable (then nobody may download). */
    synchronized Optional<JWKSet> current() throws KeyFileException {
        try {
            if (!Files.isRegularFile(file)) return Optional.empty();
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            Loaded now = loaded;
            if (now == null || !now.modified().equals(modified) || now.size() != size) {
                now = new Loaded(modified, size, KeyFiles.readPublic(file));
                loaded = now;
            }
            return Optional.of(now.keys());
        } catch (IOException | IllegalStateException e) {
            throw new KeyFileException("the settlement keys in " + file + " cannot be read: " + e.getMessage());
        }
    }

    /** The key file exists but is not a readable JWK set. */
    static final class KeyFileException extends Exception {
        KeyFileException(String message) {
            super(message);
        }
    }
}
