package dev.contentpay.settlement.delivery;

import java.nio.file.Path;

/**
 * Content ready to send: the verified copy that holds its exact bytes, their number, media type
 * and SHA-256, and the file name to save as.
 */
public record Download(Path file, long size, String mediaType, String sha256, String fileName) {
}
