package dev.contentpay.settlement.delivery;

/** Content ready to send: the exact bytes, their media type and SHA-256, and the file name to save as. */
public record Download(byte[] bytes, String mediaType, String sha256, String fileName) {
}
