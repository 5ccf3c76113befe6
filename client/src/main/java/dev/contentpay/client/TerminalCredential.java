package dev.contentpay.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Json;
import dev.contentpay.protocol.EnrollResponse;
import dev.contentpay.protocol.TerminalProof;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;

/**
 * An enrolled terminal's credential: which issuer, which subscriber, the terminal id and its
 * secret. Kept as a small JSON file that only its user can read (0600, in a folder created 0700),
 * written whole or not at all; a file others can read is refused, as ssh refuses such a key.
 * The secret never leaves this object except as a signature: it is not sent, printed or logged.
 */
public final class TerminalCredential {

    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");

    /** The file's JSON form. {@code version} lets a later format be told apart. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FileForm(int version, String issuer, String subscriberId, String terminalId, String name, String secret,
                            Instant enrolledAt) {
    }

    private final URI issuer;
    private final String subscriberId;
    private final String terminalId;
    private final String name;
    private final byte[] secret;
    private final Instant enrolledAt;

    public TerminalCredential(URI issuer, String subscriberId, String terminalId, String name, byte[] secret, Instant enrolledAt) {
        if (secret == null || secret.length != TerminalProof.SECRET_BYTES) {
            throw new IllegalArgumentException("a terminal secret has " + TerminalProof.SECRET_BYTES + " bytes");
        }
        this.issuer = issuer;
        this.subscriberId = subscriberId;
        this.terminalId = terminalId;
        this.name = name;
        this.secret = secret.clone();
        this.enrolledAt = enrolledAt;
    }

    /** The credential an enrollment at {@code issuer} answered with. */
    public static TerminalCredential of(URI issuer, EnrollResponse enrolled) {
        byte[] secret = TerminalProof.decodeSecret(enrolled.secret());
        if (secret == null) throw new ContentpayException(ErrorCode.AUTH_UNAVAILABLE, "The issuer's enrollment answer holds no usable secret.");
        return new TerminalCredential(issuer, enrolled.subscriberId(), enrolled.terminalId(), enrolled.name(), secret, enrolled.enrolledAt());
    }

    public URI issuer() {
        return issuer;
    }

    public String subscriberId() {
        return subscriberId;
    }

    public String terminalId() {
        return terminalId;
    }

    public String name() {
        return name;
    }

    public Instant enrolledAt() {
        return enrolledAt;
    }

    /** The proof headers for one request (a fresh nonce each time). */
    public TerminalProof.Headers sign(String method, String path, byte[] body, Instant now) {
        return TerminalProof.sign(terminalId, secret, method, path, body, now);
    }

    /**
     * {@code terminal-<subscriber>.json} in {@code $XDG_CONFIG_HOME/contentpay}, or
     * {@code ~/.config/contentpay} when that is not set.
     */
    public static Path defaultPath(String subscriberId) {
        return defaultFolder().resolve("terminal-" + safe(subscriberId) + ".json");
    }

    public static Path defaultFolder() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path config = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".config");
        return config.resolve("contentpay");
    }

    /**
     * Saves the credential to a new file. Refuses to replace an existing one: that would lose a
     * terminal that is still enrolled. The folders it creates are 0700; the file is 0600 from the
     * moment it exists, filled and synced under a temporary name, then linked into place whole.
     */
    public void save(Path file) {
        Path target = file.toAbsolutePath();
        Path folder = target.getParent();
        if (Files.exists(target)) throw exists(file);
        Path tmp = folder.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            createPrivateFolders(folder);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp); // Not a POSIX file system: the folder's own protection has to do.
            }
            byte[] json = Json.write(new FileForm(1, issuer.toString(), subscriberId, terminalId, name, TerminalProof.encodeSecret(secret), enrolledAt));
            try (var channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(java.nio.ByteBuffer.wrap(json));
                channel.force(true);
            } finally {
                Arrays.fill(json, (byte) 0);
            }
            place(tmp, target);
        } catch (FileAlreadyExistsException e) {
            throw exists(file);
        } catch (IOException e) {
            throw new ContentpayException(ErrorCode.VALIDATION_FAILED, "The terminal credential could not be saved in " + file + " (" + e.getMessage() + ").");
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // A leftover temporary file is 0600 and harmless; nothing more to do.
            }
        }
    }

    /** Reads a credential, refusing a file that other users could read. */
    public static TerminalCredential load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ContentpayException(ErrorCode.VALIDATION_FAILED, "There is no terminal credential in " + file
                    + "; enroll this terminal first with: contentpay enroll --user ID.");
        }
        requirePrivate(file);
        FileForm form;
        try {
            form = Json.MAPPER.readValue(Files.readAllBytes(file), FileForm.class);
        } catch (IOException e) {
            throw new ContentpayException(ErrorCode.VALIDATION_FAILED, "The terminal credential in " + file + " cannot be read; enroll the terminal again.");
        }
        byte[] secret = TerminalProof.decodeSecret(form.secret());
        if (form.version() != 1 || secret == null || form.terminalId() == null || form.subscriberId() == null || form.issuer() == null) {
            throw new ContentpayException(ErrorCode.VALIDATION_FAILED, "The terminal credential in " + file + " is incomplete; enroll the terminal again.");
        }
        try {
            return new TerminalCredential(URI.create(form.issuer()), form.subscriberId(), form.terminalId(), form.name(), secret, form.enrolledAt());
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "TerminalCredential[" + terminalId + " of " + subscriberId + " at " + issuer + ", secret=***]";
    }

    private static void requirePrivate(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY_FILE.containsAll(permissions)) {
                throw new ContentpayException(ErrorCode.VALIDATION_FAILED, "The terminal credential " + file
                        + " can be read by other users, so it may no longer be secret; make it private (chmod 600) or enroll again.");
            }
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: nothing to check.
        } catch (IOException e) {
            throw new ContentpayException(ErrorCode.VALIDATION_FAILED, "The terminal credential in " + file + " cannot be read (" + e.getMessage() + ").");
        }
    }

    /** Creates the missing folders, each 0700; folders that exist are left as they are. */
    private static void createPrivateFolders(Path folder) throws IOException {
        if (Files.isDirectory(folder)) return;
        createPrivateFolders(folder.getParent());
        try {
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FOLDER));
        } catch (UnsupportedOperationException e) {
            Files.createDirectory(folder);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(folder)) throw e;
        }
    }

    /** A hard link never replaces an existing file, unlike a rename; a rename is the fallback where links are not supported. */
    private static void place(Path tmp, Path target) throws IOException {
        try {
            Files.createLink(target, tmp);
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
            if (e instanceof FileAlreadyExistsException exists) throw exists;
            if (Files.exists(target)) throw new FileAlreadyExistsException(target.toString());
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static ContentpayException exists(Path file) {
        return new ContentpayException(ErrorCode.VALIDATION_FAILED, "A terminal credential is saved in " + file
                + " already; revoke that terminal and delete the file, or choose another file with --credential.");
    }

    private static String safe(String subscriberId) {
        return subscriberId.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
