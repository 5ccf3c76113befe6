package dev.contentpay.app.operator;

import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;

/** Where auth's admin face is and the operator token file that proves the caller is its operator: the options of every command that calls it. */
final class AdminFace {

    @Option(names = "--admin-url", defaultValue = "http://127.0.0.1:8092", description = "auth's admin face (default: ${DEFAULT-VALUE})")
    URI adminUrl;

    @Option(names = "--token-file", defaultValue = "data/keys/auth-admin.token", description = "the operator token file (default: ${DEFAULT-VALUE})")
    Path tokenFile;

    OperatorClient client() {
        return new OperatorClient(adminUrl, tokenFile);
    }
}
