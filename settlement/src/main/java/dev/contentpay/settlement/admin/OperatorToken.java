package dev.contentpay.settlement.admin;

import dev.contentpay.platform.id.Ids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;

/**
 * The settlement operator's secret: 256 random bits, created at first start in a file only its
 * owner can read ({@code admin.token-file}). The server keeps only the token's SHA-256 in memory
 * and compares hashes in constant time; the token itself is never logged nor stored elsewhere.
 */
public final class OperatorToken {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorToken.class);
    private static final int BYTES = 32;

    private final byte[] sha256;

    private OperatorToken(byte[] sha256) {
        this.sha256 = sha256;
    }

    /** Reads the token file, creating it (owner read/write only) when it does not exist. */
    public static OperatorToken loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) create(file);
            else warnIfShared(file);
            return new OperatorToken(hash(read(file)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create the operator token file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The token in a file, as the operator's command line reads it. */
    public static String read(Path file) throws IOException {
        String token = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (token.isEmpty()) throw new IOException("the operator token file " + file + " is empty");
        return token;
    }

    /** Whether {@code presented} is the token: hashes compared in constant time, so timing reveals nothing. */
    public boolean matches(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > 512) return false;
        return MessageDigest.isEqual(sha256, hash(presented));
    }

    private static void create(Path file) throws IOException {
        // Created with owner-only permissions from the first byte, not narrowed afterwards.
        dev.contentpay.platform.io.OwnerOnlyFiles.writeString(file, Ids.randomToken(BYTES) + "\n");
        LOG.info("created the settlement operator token in {} (readable by its owner only)", file.toAbsolutePath());
    }

    private static void warnIfShared(Path file) throws IOException {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                LOG.warn("the operator token file {} can be read by others than its owner; chmod 600 it", file.toAbsolutePath());
            }
        } catch (UnsupportedOperationException notPosix) {
            // Not a POSIX file system: the folder's own permissions have to do.
        }
    }

    private static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
