package dev.contentpay.platform.crypto;

import com.nimbusds.jose.jwk.JWKSet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;

/**
 * Another party's public keys, read from the JWK set file its operator handed over (or the party
 * itself writes, on one machine), for the tokens of one issuer. A token naming a key id not in the
 * set has the file read again when it changed since it was last read (its time or size), and
 * otherwise at most once every {@link #MIN_RELOAD_INTERVAL}: a key the party rotated in is taken
 * at once without a restart, and forged key ids cost no more than a look at the file's time.
 */
public final class PublicKeyFile implements KeySource {

    /** The least time between two readings of a file that did not seem to change. */
    public static final Duration MIN_RELOAD_INTERVAL = Duration.ofSeconds(2);

    private record Seen(FileTime modified, long size) {
    }

    private final String issuer;
    private final Path file;
    private final Clock clock;
    private volatile JWKSet keys;
    private long readAt;
    private Seen seen;

    public PublicKeyFile(String issuer, Path file, JWKSet keys, Clock clock) {
        this.issuer = issuer;
        this.file = file;
        this.clock = clock;
        this.keys = keys;
        this.readAt = clock.millis();
        this.seen = seen();
    }

    @Override
    public JWKSet apply(String i) {
        return issuer.equals(i) ? keys : null;
    }

    @Override
    public synchronized JWKSet reload(String i) {
        if (!issuer.equals(i)) return null;
        long now = clock.millis();
        Seen current = seen();
        boolean changed = current != null && !current.equals(seen);
        // Read just now (perhaps by another request meeting the same new key): what was read is the answer.
        if (!changed && now - readAt < MIN_RELOAD_INTERVAL.toMillis()) return keys;
        try {
            keys = KeyFiles.readPublic(file);
        } catch (IllegalStateException e) {
            // Gone or unreadable for a moment: keep what was read before, and read again next time.
            return keys;
        }
        readAt = now;
        seen = current;
        return keys;
    }

    private Seen seen() {
        try {
            return new Seen(Files.getLastModifiedTime(file), Files.size(file));
        } catch (IOException e) {
            return null;
        }
    }
}
