package dev.contentpay.app;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.settlement.operator.OperatorClient;
import dev.contentpay.platform.http.OperatorToken;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * How the operator commands reach the settlement server and prove they are its operator: the
 * server's address and the file holding the operator token (the server creates it at first start;
 * the demo's is {@code data/keys/settlement-admin.token}). The token is read from the file, never
 * taken on the command line, where other users of the machine could see it.
 */
final class OperatorOptions {

    @Option(names = "--settlement", defaultValue = "http://127.0.0.1:8082", description = "the settlement server's URL (default: ${DEFAULT-VALUE})")
    URI settlement;

    @Option(names = "--token-file", defaultValue = "data/keys/settlement-admin.token",
            description = "the operator token file, admin.token-file of the settlement server (default: ${DEFAULT-VALUE})")
    Path tokenFile;

    OperatorClient client() {
        try {
            return new OperatorClient(settlement, OperatorToken.read(tokenFile));
        } catch (IOException e) {
            throw new ContentpayException(ErrorCode.VALIDATION_FAILED, "The operator token could not be read from " + tokenFile
                    + " (" + e.getMessage() + "); pass --token-file with the settlement server's admin.token-file.");
        }
    }
}
