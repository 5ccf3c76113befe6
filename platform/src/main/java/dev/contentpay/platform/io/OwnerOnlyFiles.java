package dev.contentpay.platform.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;

/**
 * Files only their owner may read or write, from their first byte: each is created with the
 * permissions {@code rw-------} as an attribute of its creation, never written first and narrowed
 * after, so there is no moment in which another user of the machine could open it. Used for key
 * files, TLS keys, the operator token, the pseudonym secret and the SQLite database files.
 * On a file system without POSIX permissions the folder's own permissions have to do.
 */
public final class OwnerOnlyFiles {

    private static final String OWNER_ONLY = "rw-------";

    private OwnerOnlyFiles() {
    }

    private static FileAttribute<?>[] ownerOnly() {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) return new FileAttribute<?>[0];
        return new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(OWNER_ONLY))};
    }

    /** Creates {@code file} empty and owner-only unless it exists; its folder is created when missing. */
    public static void createIfAbsent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try {
            Files.createFile(file, ownerOnly());
        } catch (FileAlreadyExistsException ignored) {
            // Someone's file already: its permissions are its creator's.
        }
    }

    /**
     * Writes {@code content} to {@code file} through an owner-only temporary file moved into
     * place, so the file is whole and owner-only at every moment it exists.
     */
    public static void write(Path file, byte[] content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try (var channel = Files.newByteChannel(tmp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly())) {
            var buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) channel.write(buffer);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public static void writeString(Path file, String content) throws IOException {
        write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Creates {@code file} with {@code content} only when it does not exist yet; when another
     * process created it first, its content stands. Returns whether this call created it.
     */
    public static boolean createWith(Path file, byte[] content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Path tmp = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".tmp");
        try (var channel = Files.newByteChannel(tmp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly())) {
            var buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) channel.write(buffer);
        }
        try {
            // A hard link fails when the name is taken, so two first starts cannot both win.
            Files.createLink(file, tmp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | IOException e) {
            if (Files.exists(file)) return false;
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The secret kept in {@code file} (standard Base64), made of 32 random bytes on first use; when
     * two processes start on one folder at once, the first secret wins and both read it. A file
     * that cannot be read or decoded, or holds fewer than 32 bytes, stops the start, naming
     * {@code what} it was meant to hold.
     */
    public static byte[] secret(Path file, String what) {
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                new java.security.SecureRandom().nextBytes(fresh);
                createWith(file, java.util.Base64.getEncoder().encode(fresh));
            }
            byte[] secret = java.util.Base64.getDecoder().decode(Files.readString(file).trim());
            if (secret.length < 32) throw new IllegalArgumentException("it holds fewer than 32 bytes");
            return secret;
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read or create the " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** The SQLite database at {@code file} and its -wal, -shm and -journal companions, created owner-only. */
    public static void prepareSqlite(Path file) throws IOException {
        createIfAbsent(file);
        for (String suffix : new String[]{"-wal", "-shm", "-journal"}) {
            createIfAbsent(file.resolveSibling(file.getFileName() + suffix));
        }
    }
}
