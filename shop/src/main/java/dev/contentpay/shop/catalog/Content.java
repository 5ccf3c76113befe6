package dev.contentpay.shop.catalog;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One item's content (contents 23 of the patent): the exact bytes a buyer receives, their media
 * type and SHA-256. A catalog read from a folder leaves each content in its file, hashed once at
 * start and read a buffer at a time whenever it is sent, so a content of any size costs the shop
 * no memory; the built-in demo catalog's small contents are held as bytes, privately, so that
 * nothing a request does can change what the catalog promised by its hash. A file changed after
 * start is not what the hash promised, and settlement, which checks every content against it,
 * refuses to deliver it.
 */
public final class Content {

    private final String mediaType;
    private final byte[] bytes;
    private final Path file;
    private final long size;
    private final String sha256;

    public Content(String mediaType, byte[] bytes, String sha256) {
        this(mediaType, bytes.clone(), null, bytes.length, sha256);
    }

    private Content(String mediaType, byte[] bytes, Path file, long size, String sha256) {
        this.mediaType = Objects.requireNonNull(mediaType, "mediaType");
        this.bytes = bytes;
        this.file = file;
        this.size = size;
        this.sha256 = Objects.requireNonNull(sha256, "sha256");
    }

    /** The content of {@code file}, which has {@code size} bytes whose SHA-256 is {@code sha256}. */
    public static Content ofFile(String mediaType, Path file, long size, String sha256) {
        return new Content(mediaType, null, Objects.requireNonNull(file, "file"), size, sha256);
    }

    public String mediaType() {
        return mediaType;
    }

    /** The bytes, from the start, to be read once and closed. */
    public InputStream open() throws IOException {
        return file != null ? Files.newInputStream(file) : new ByteArrayInputStream(bytes);
    }

    public long size() {
        return size;
    }

    /** Lower-case hex SHA-256 of the bytes. */
    public String sha256() {
        return sha256;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Content c && mediaType.equals(c.mediaType) && sha256.equals(c.sha256) && size == c.size;
    }

    @Override
    public int hashCode() {
        return sha256.hashCode();
    }

    @Override
    public String toString() {
        return "Content[" + mediaType + ", " + size + " bytes, sha256=" + sha256 + "]";
    }
}
