package dev.contentpay.platform.http;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.platform.io.OwnerOnlyFiles;
import io.javalin.http.Context;
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
 * A server's operator secret (auth's admin face, settlement's operator API and page): 256 random
 * bits, created at first start in a file only its owner can read, with those permissions from the
 * first byte. The server keeps only the token's SHA-256 in memory and compares hashes in constant
 * time; the token itself is never logged nor stored elsewhere.
 */
public final class OperatorToken {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorToken.class);
    private static final int BYTES = 32;
    /** A token written by hand must be at least this long. */
    static final int MIN_LENGTH = 20;

    private final byte[] sha256;

    private OperatorToken(byte[] sha256) {
        this.sha256 = sha256;
    }

    /** Reads the token file, creating it (owner read/write only) when it does not exist; {@code server} names it in the log. */
    public static OperatorToken loadOrCreate(Path file, String server) {
        try {
            if (!Files.exists(file)) {
                OwnerOnlyFiles.createWith(file, (Ids.randomToken(BYTES) + "\n").getBytes(StandardCharsets.UTF_8));
                LOG.info("created the {} operator token in {} (readable by its owner only)", server, file.toAbsolutePath());
            } else {
                warnIfShared(file);
            }
            String token = read(file);
            if (token.length() < MIN_LENGTH) {
                throw new IllegalStateException("the operator token in " + file + " is too short (at least " + MIN_LENGTH + " characters)");
            }
            return new OperatorToken(hash(token));
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

    /** Refuses the request unless it carries {@code Authorization: Bearer <token>}. */
    public void require(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || !matches(header.substring(7).strip())) {
            throw new ContentpayException(ErrorCode.CLIENT_UNAUTHENTICATED, "The operator token is missing or wrong.");
        }
    }

    /**
     * Whether {@code authorization} is HTTP Basic with {@code user} and the token as password: how
     * an operator's browser presents the token to a page, asked once and remembered for the session.
     */
    public boolean matchesBasic(String authorization, String user) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) return false;
        String decoded;
        try {
            decoded = new String(java.util.Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        return colon > 0 && user.equals(decoded.substring(0, colon)) && matches(decoded.substring(colon + 1));
    }

    /** Refuses the request, asking the browser for the token, unless it carries it as HTTP Basic with {@code user}. */
    public void requireBasic(Context ctx, String user, String realm) {
        if (matchesBasic(ctx.header("Authorization"), user)) return;
        ctx.header("WWW-Authenticate", "Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
        throw new ContentpayException(ErrorCode.CLIENT_UNAUTHENTICATED, "The operator token is missing or wrong.");
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
