package dev.contentpay.settlement.delivery;

import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Settlement's verified copies of contents, one file per content named by its SHA-256 in
 * {@code content.folder}. A content's hash is its address: bytes stored under a name are the bytes
 * with that hash, so a copy never goes stale and any number of purchases share it. A copy is
 * written beside its final name while its hash is computed, and moved into place only when the
 * hash is the one asked for; a crash leaves at most a stray {@code .part} file, which the next
 * fetch of that content replaces. A copy found on disk is hashed again once per process before it
 * is served, so a file damaged while the server was down is fetched again instead of sent.
 *
 * <p>A content of any size is written and read a buffer at a time. A small one (up to
 * {@link #HELD_AT_MOST} bytes) is also held in memory once its copy is verified, its bytes hashed
 * again as they are read in, up to {@link #HELD_IN_ALL} bytes in all, the least used let go first:
 * most purchases are of such contents, and each was a look at the file, its opening and a read.
 */
public final class ContentCopies {

    private static final Logger LOG = LoggerFactory.getLogger(ContentCopies.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** Where a content comes from when there is no copy yet: writes its bytes to the stream it is given. */
    @FunctionalInterface
    public interface Source {
        void writeTo(OutputStream out) throws IOException;
    }

    /** The largest content held in memory. */
    public static final int HELD_AT_MOST = 256 * 1024;
    /** The most bytes held in memory in all. */
    public static final long HELD_IN_ALL = 16L * 1024 * 1024;

    /**
     * A verified copy: its file, its length, and its bytes when they are held in memory (null
     * otherwise; a read-only view of a direct buffer, which a socket is written from without a
     * copy). Either way the bytes are exactly those whose SHA-256 names the copy.
     */
    public record Copy(Path file, long size, java.nio.ByteBuffer bytes) {
    }

    private final Path folder;
    /** Small contents' verified bytes, by their SHA-256, in direct buffers. */
    private final com.github.benmanes.caffeine.cache.Cache<String, java.nio.ByteBuffer> held = com.github.benmanes.caffeine.cache.Caffeine
            .newBuilder().maximumWeight(HELD_IN_ALL).weigher((String key, java.nio.ByteBuffer bytes) -> bytes.capacity()).build();
    /** Hashes whose file was checked (or written) by this process. */
    private final Set<String> checked = ConcurrentHashMap.newKeySet();
    /** One lock per hash being fetched, so concurrent first downloads of a content share one fetch. */
    private final ConcurrentHashMap<String, Object> fetching = new ConcurrentHashMap<>();

    public ContentCopies(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    public Path folder() {
        return folder;
    }

    /**
     * The verified copy of the content whose SHA-256 is {@code sha256}, as {@link #verified} gives
     * its file, with its length and, for a small content, its bytes held in memory.
     */
    public Copy copy(String sha256, Source source) {
        String key = sha256.toLowerCase(Locale.ROOT);
        java.nio.ByteBuffer kept = held.getIfPresent(key);
        if (kept != null) return new Copy(folder.resolve(key), kept.capacity(), kept.asReadOnlyBuffer());
        Path file = verified(key, source);
        try {
            long size = Files.size(file);
            if (size > HELD_AT_MOST) return new Copy(file, size, null);
            byte[] bytes = Files.readAllBytes(file);
            // Hashed again as read: what is held is what the name says, whatever befell the file since.
            if (!key.equals(ClientAssertions.sha256Hex(bytes))) {
                checked.remove(key);
                throw new IOException("the copy " + file + " changed since it was verified");
            }
            kept = java.nio.ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
            held.put(key, kept);
            return new Copy(file, bytes.length, kept.asReadOnlyBuffer());
        } catch (IOException e) {
            throw new UncheckedIOException("the verified copy " + file + " cannot be read", e);
        }
    }

    /**
     * The file holding the content whose SHA-256 is {@code sha256}: the copy when there is a good
     * one, otherwise what {@code source} writes, once its hash is {@code sha256}. Bytes with
     * another hash are deleted and refused with {@link Mismatch}.
     */
    public Path verified(String sha256, Source source) {
        String key = sha256.toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(key).matches()) throw new IllegalArgumentException("not a SHA-256: " + sha256);
        Path file = folder.resolve(key);
        if (checked.contains(key) && Files.isRegularFile(file)) return file;
        synchronized (fetching.computeIfAbsent(key, k -> new Object())) {
            try {
                if (checked.contains(key) && Files.isRegularFile(file)) return file;
                if (Files.isRegularFile(file)) {
                    if (key.equals(sha256Of(file))) {
                        checked.add(key);
                        return file;
                    }
                    LOG.warn("the copy {} does not have the SHA-256 it is named by; it is fetched again", file);
                    Files.deleteIfExists(file);
                }
                fetch(key, file, source);
                checked.add(key);
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot keep a copy of content " + key + " in " + folder, e);
            } finally {
                fetching.remove(key);
            }
        }
    }

    private void fetch(String key, Path file, Source source) throws IOException {
        Files.createDirectories(folder);
        Path part = Files.createTempFile(folder, key + ".", ".part");
        try {
            MessageDigest digest = ClientAssertions.sha256();
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(part), digest)) {
                source.writeTo(out);
            }
            if (!key.equals(HexFormat.of().formatHex(digest.digest()))) throw new Mismatch();
            try {
                Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private static String sha256Of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return ClientAssertions.sha256Hex(in);
        }
    }

    /** The source sent bytes whose hash is not the one asked for; none of them was kept. */
    public static final class Mismatch extends ContentpayException {
        Mismatch() {
            super(ErrorCode.SHOP_UNAVAILABLE, "The shop sent content that does not match its catalog; nothing was delivered.");
        }
    }
}
