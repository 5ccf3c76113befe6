package dev.contentpay.client;

import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.ServiceClient;
import dev.contentpay.protocol.Receipt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Step 9 on the terminal's side: the content streamed from the settlement server, hashed as it
 * passes, never held whole unless the caller asks for the bytes. A download to a file is written to
 * {@code <file>.part} and moved to its name only once the whole file has the receipt's SHA-256. When
 * a {@code .part} is already there (an earlier download was cut off), only the rest is asked for:
 * {@code Range: bytes=<size>-} with {@code If-Range} naming the content by its entity tag, the
 * quoted SHA-256 the receipt promises. Should the server's content not be that one, it answers the
 * whole content and the part is started again; a file whose hash is wrong in the end is deleted and
 * refused with {@code content_mismatch}.
 */
final class Downloads {

    static final String PROOF_HEADER = "Contentpay-Approval";
    private static final int BUFFER = 64 * 1024;

    private final ServiceClient settlement;
    private final Receipt receipt;
    private final Map<String, String> proof;

    Downloads(ServiceClient settlement, Receipt receipt, String buyerProof) {
        this.settlement = settlement;
        this.receipt = receipt;
        this.proof = buyerProof == null ? Map.of() : Map.of(PROOF_HEADER, buyerProof);
    }

    /** The name a download to {@code file} is written under until its hash is checked. */
    static Path partOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".part");
    }

    /** The whole content in memory, checked against the receipt's hash. */
    byte[] bytes() {
        byte[] bytes = settlement.getStreamed(receipt.downloadUrl(), proof, (status, headers, body) -> body.readAllBytes());
        if (!ClientAssertions.sha256Hex(bytes).equals(receipt.contentSha256())) throw mismatch("The downloaded content");
        return bytes;
    }

    /**
     * The whole content written to {@code out} as it arrives; the hash is checked at the end, so
     * bytes already written before a {@code content_mismatch} must be thrown away by the caller.
     */
    long to(OutputStream out, ContentpayClient.Progress progress) {
        MessageDigest digest = ClientAssertions.sha256();
        long written = settlement.getStreamed(receipt.downloadUrl(), proof,
                (status, headers, body) -> copy(body, out, digest, 0, receipt.size(), progress));
        if (!HexFormat.of().formatHex(digest.digest()).equals(receipt.contentSha256())) throw mismatch("The downloaded content");
        return written;
    }

    /** The content saved as {@code file}, resuming from its {@code .part} when {@code resume} and there is one. */
    ContentpayClient.Saved to(Path file, boolean resume, ContentpayClient.Progress progress) {
        Path part = partOf(file);
        try {
            if (!resume) Files.deleteIfExists(part);
            long had = Files.isRegularFile(part) ? Files.size(part) : 0;
            if (had > 0 && had >= receipt.size()) {
                // Nothing is left to ask for: the part is the whole content, or is not this content.
                return finish(part, file, had, sha256Of(part));
            }
            var headers = new LinkedHashMap<>(proof);
            if (had > 0) {
                headers.put("Range", "bytes=" + had + "-");
                headers.put("If-Range", "\"" + receipt.contentSha256() + "\"");
            }
            try {
                Written written = settlement.getStreamed(receipt.downloadUrl(), headers, (status, h, body) -> save(status, h, body, part, had, progress));
                return finish(part, file, written.after(), written.sha256());
            } catch (ContentpayException e) {
                if (!e.code().retryable() || !Files.isRegularFile(part)) throw e;
                throw new ContentpayException(e.code(), e.detail() + " What arrived is kept in " + part
                        + "; download again to resume from there.", e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the download cannot be saved as " + file, e);
        }
    }

    /**
     * Writes the answer into {@code part}: appended after the {@code had} bytes already there when
     * the server sent the rest (206 from exactly there), from the start otherwise (200: the whole
     * content). Returns the hex SHA-256 of the whole part and how many bytes it was appended after.
     */
    private Written save(int status, ServiceClient.Headers headers, InputStream body, Path part, long had, ContentpayClient.Progress progress)
            throws IOException {
        boolean rest = status == 206 && had > 0 && java.util.Objects.requireNonNullElse(headers.first("Content-Range"), "").startsWith("bytes " + had + "-");
        MessageDigest digest = ClientAssertions.sha256();
        if (rest) {
            try (InputStream before = Files.newInputStream(part)) {
                before.transferTo(new java.security.DigestOutputStream(OutputStream.nullOutputStream(), digest));
            }
        } else if (status != 200) {
            throw new ContentpayException(ErrorCode.SETTLEMENT_UNAVAILABLE, "The settlement server answered the download with HTTP "
                    + status + " and no content.");
        }
        var options = rest ? new StandardOpenOption[]{StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND}
                : new StandardOpenOption[]{StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING};
        Path folder = part.toAbsolutePath().getParent();
        if (folder != null) Files.createDirectories(folder);
        try (OutputStream out = Files.newOutputStream(part, options)) {
            copy(body, out, digest, rest ? had : 0, receipt.size(), progress);
        }
        return new Written(HexFormat.of().formatHex(digest.digest()), rest ? had : 0);
    }

    /** A part as written: the SHA-256 of all of it, and how many of its bytes were there before. */
    private record Written(String sha256, long after) {
    }

    /** Moves the part to its name when its hash is the receipt's; deletes it otherwise. */
    private ContentpayClient.Saved finish(Path part, Path file, long resumedFrom, String sha256) throws IOException {
        if (!sha256.equals(receipt.contentSha256())) {
            Files.deleteIfExists(part);
            throw mismatch("The downloaded file");
        }
        long size = Files.size(part);
        try {
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return new ContentpayClient.Saved(file, size, resumedFrom);
    }

    private static long copy(InputStream in, OutputStream out, MessageDigest digest, long done, long total, ContentpayClient.Progress progress)
            throws IOException {
        // No larger than the content needs: the load generator downloads a small content on every purchase.
        byte[] buffer = new byte[Math.clamp(total - done, 8 * 1024, BUFFER)];
        long written = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
            out.write(buffer, 0, n);
            written += n;
            progress.advanced(done + written, total);
        }
        return written;
    }

    private static String sha256Of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return ClientAssertions.sha256Hex(in);
        }
    }

    private static ContentpayException mismatch(String what) {
        return new ContentpayException(ErrorCode.CONTENT_MISMATCH, what + " does not match the receipt's SHA-256; it was deleted, "
                + "download it again.");
    }
}
