package dev.contentpay.shop.catalog;

import java.util.Arrays;
import java.util.Objects;

/**
 * One item's content (contents 23 of the patent): the exact bytes a buyer receives, their media
 * type and SHA-256. The bytes are held privately and handed out as copies, so that nothing a
 * request does can change what the catalog promised by its hash.
 */
public final class Content {

    private final String mediaType;
    private final byte[] bytes;
    private final String sha256;

    public Content(String mediaType, byte[] bytes, String sha256) {
        this.mediaType = Objects.requireNonNull(mediaType, "mediaType");
        this.bytes = bytes.clone();
        this.sha256 = Objects.requireNonNull(sha256, "sha256");
    }

    public String mediaType() {
        return mediaType;
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public long size() {
        return bytes.length;
    }

    /** Lower-case hex SHA-256 of the bytes. */
    public String sha256() {
        return sha256;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Content c && mediaType.equals(c.mediaType) && sha256.equals(c.sha256) && Arrays.equals(bytes, c.bytes);
    }

    @Override
    public int hashCode() {
        return sha256.hashCode();
    }

    @Override
    public String toString() {
        return "Content[" + mediaType + ", " + bytes.length + " bytes, sha256=" + sha256 + "]";
    }
}
