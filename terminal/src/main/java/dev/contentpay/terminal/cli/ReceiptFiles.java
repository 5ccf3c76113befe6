package dev.contentpay.terminal.cli;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Json;
import dev.contentpay.protocol.Receipt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * Where the terminal keeps what it bought: the content as {@code <item>.<ext>} and its receipt beside
 * it as {@code <item>.receipt.json}, which {@code contentpay verify-receipt} checks and
 * {@code contentpay download} downloads again with. Each file is written beside its final name and
 * moved into place, so a crash never leaves half a file under the real name (the content's
 * {@code .part} is kept on purpose, to be resumed: {@link ContentDownload}); created with the
 * user's usual permissions, unlike a temp file.
 */
final class ReceiptFiles {

    private ReceiptFiles() {
    }

    /** Where the content of {@code r} is saved in {@code folder}; it is downloaded to this name plus {@code .part} first. */
    static Path contentFile(Path folder, Receipt r) {
        return folder.resolve(r.itemId() + "." + Output.extensionOf(r.mediaType()));
    }

    static Path saveReceipt(Path folder, Receipt r) {
        return save(folder, receiptFile(folder, r).getFileName().toString(), Json.write(r), r);
    }

    static Path receiptFile(Path folder, Receipt r) {
        return folder.resolve(r.itemId() + ".receipt.json");
    }

    private static Path save(Path folder, String name, byte[] bytes, Receipt r) {
        try {
            Files.createDirectories(folder);
            Path file = folder.resolve(name);
            Path tmp = folder.resolve("." + name + "." + UUID.randomUUID() + ".part");
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new ContentpayException(ErrorCode.VALIDATION_FAILED, "The purchase is settled but " + name + " could not be saved in "
                    + folder + " (" + e.getMessage() + "); download it again with the receipt's link: " + r.downloadUrl());
        }
    }
}
