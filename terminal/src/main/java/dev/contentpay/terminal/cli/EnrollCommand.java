package dev.contentpay.terminal.cli;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.protocol.EnrollRequest;
import dev.contentpay.client.ContentpayClient;
import dev.contentpay.client.TerminalCredential;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;

@Command(name = "enroll", description = {
        "Enroll this computer as a terminal: your id and password are sent once, and the issuer gives the terminal a secret of its own.",
        "The credential is saved in a file only you can read; then buy with: contentpay buy --terminal ITEM."},
        mixinStandardHelpOptions = true)
public final class EnrollCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SubscriberAccount account;

    @Option(names = "--name", description = "a name to tell this terminal apart in your list (default: contentpay on <host name>)")
    String name;

    @Option(names = "--credential", paramLabel = "FILE", description = "where to save the credential (default: ~/.config/contentpay/terminal-<user>.json)")
    Path credential;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        char[] password = null;
        try {
            Path file = credential != null ? credential : TerminalCredential.defaultPath(account.user);
            // Checked before enrolling, so that no terminal is enrolled whose secret has nowhere to go.
            if (Files.exists(file)) {
                throw new ContentpayException(dev.contentpay.platform.error.ErrorCode.VALIDATION_FAILED, "A terminal credential is saved in "
                        + file + " already; revoke that terminal and delete the file, or choose another file with --credential.");
            }
            password = Secrets.password(account.user, account.passwordStdin);
            var client = new ContentpayClient(account.auth);
            TerminalCredential enrolled = client.enroll(account.user, password, name == null ? defaultName() : name);
            try {
                enrolled.save(file);
            } catch (ContentpayException e) {
                // The secret is lost with this process: a terminal no one can use must not stay enrolled.
                try {
                    client.revokeTerminal(account.user, password, enrolled.terminalId());
                } catch (ContentpayException ignored) {
                    // The subscriber can still revoke it from the list; the refusal below says why.
                }
                throw e;
            }
            if (account.json) {
                var doc = new LinkedHashMap<String, Object>();
                doc.put("status", "enrolled");
                doc.put("terminalId", enrolled.terminalId());
                doc.put("subscriberId", enrolled.subscriberId());
                doc.put("name", enrolled.name());
                doc.put("enrolledAt", enrolled.enrolledAt());
                doc.put("credential", file.toString());
                Output.json(out, doc);
            } else {
                CliLanguage words = account.language.words();
                out.println(words.get("enroll.enrolled", enrolled.terminalId(), enrolled.name(), enrolled.subscriberId()));
                out.println(words.get("enroll.credential", file));
                out.println(words.get("enroll.buy-with", credential != null ? " --credential " + file : ""));
                out.flush();
            }
            return 0;
        } catch (ContentpayException e) {
            return Output.refusal(out, err, e, account.json, account.language.words());
        } finally {
            if (password != null) Arrays.fill(password, '\0');
        }
    }

    private static String defaultName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "this computer";
            }
        }
        String name = "contentpay on " + host.replaceAll("\\p{Cntrl}", "");
        return name.length() > EnrollRequest.MAX_NAME_LENGTH ? name.substring(0, EnrollRequest.MAX_NAME_LENGTH) : name;
    }
}
