package dev.contentpay.terminal.cli;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.client.TerminalCredential;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Which credential file a command means: --credential, else the default file of --user, else the only one there is. */
final class CredentialFiles {

    private CredentialFiles() {
    }

    static Path resolve(Path credential, String user) {
        if (credential != null) return credential;
        if (user != null) return TerminalCredential.defaultPath(user);
        Path folder = TerminalCredential.defaultFolder();
        List<Path> found;
        try (Stream<Path> files = Files.isDirectory(folder) ? Files.list(folder) : Stream.empty()) {
            found = files.filter(f -> f.getFileName().toString().matches("terminal-.+\\.json")).sorted().toList();
        } catch (IOException e) {
            found = List.of();
        }
        if (found.size() == 1) return found.get(0);
        if (found.isEmpty()) {
            throw new ContentpayException(ErrorCode.VALIDATION_FAILED, "No terminal is enrolled here (nothing in " + folder
                    + "); enroll one with: contentpay enroll --user ID.");
        }
        throw new ContentpayException(ErrorCode.VALIDATION_FAILED, "Several terminal credentials are saved in " + folder
                + "; choose one with --user or --credential.");
    }
}
