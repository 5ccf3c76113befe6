package dev.contentpay.settlement.delivery;

import java.nio.file.Path;

/**
 * Content ready to send: the verified copy that holds its exact bytes, their number, media type
 * and SHA-256, the file name to save as, and for a small content the bytes themselves, held in
 * memory ({@link ContentCopies#HELD_AT_MOST}; null otherwise): a read-only view of its own.
 */
public record Download(Path file, long size, String mediaType, String sha256, String fileName, java.nio.ByteBuffer bytes) {

    /** Content sent from its file. */
    public Download(Path file, long size, String mediaType, String sha256, String fileName) {
        this(file, size, mediaType, sha256, fileName, null);
    }
}
