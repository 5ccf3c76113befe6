package dev.contentpay.terminal.cli;

import dev.contentpay.client.ContentpayClient;
import dev.contentpay.platform.error.ContentpayException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.URI;
import java.util.Arrays;

/**
 * The options of a command that acts as the subscriber at their issuer, by id and password, and
 * the one way such a command runs: the password read once (never from the command line), the call
 * made, the password wiped whatever happens, and a refusal printed as the command's outcome.
 */
public final class SubscriberAccount {

    @Option(names = "--auth", defaultValue = "http://127.0.0.1:8081", description = "your issuer's URL (default: ${DEFAULT-VALUE})")
    URI auth;

    @Option(names = "--user", required = true, description = "your subscriber id at the issuer")
    String user;

    @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
    boolean passwordStdin;

    @Option(names = "--json", description = "print the outcome as JSON")
    boolean json;

    @picocli.CommandLine.Mixin
    CliLanguage.Choice language;

    /** What a command does with the issuer once the password is read; it prints to {@code out}. */
    @FunctionalInterface
    interface Call {
        void run(ContentpayClient issuer, char[] password, PrintWriter out);
    }

    /** Runs {@code call}; 0 when it succeeded, the refusal's exit code when the issuer refused. */
    int run(CommandSpec spec, Call call) {
        PrintWriter out = spec.commandLine().getOut();
        char[] password = null;
        try {
            password = Secrets.password(user, passwordStdin);
            call.run(new ContentpayClient(auth), password, out);
            out.flush();
            return 0;
        } catch (ContentpayException e) {
            return Output.refusal(out, spec.commandLine().getErr(), e, json, language.words());
        } finally {
            if (password != null) Arrays.fill(password, '\0');
        }
    }
}
