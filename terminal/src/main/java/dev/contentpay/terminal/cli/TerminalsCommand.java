package dev.contentpay.terminal.cli;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.http.Json;
import dev.contentpay.protocol.TerminalInfo;
import dev.contentpay.protocol.TerminalList;
import dev.contentpay.client.ContentpayClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.Callable;

@Command(name = "terminals", description = {
        "List the terminals enrolled for your id, or revoke one (a lost phone, a computer you gave away).",
        "A revoked terminal's next request is refused; enroll it again to use it again."},
        mixinStandardHelpOptions = true)
public final class TerminalsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--auth", defaultValue = "http://127.0.0.1:8081", description = "your issuer's URL (default: ${DEFAULT-VALUE})")
    URI auth;

    @Option(names = "--user", required = true, description = "your subscriber id at the issuer")
    String user;

    @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
    boolean passwordStdin;

    @Option(names = "--revoke", paramLabel = "TERMINAL_ID", description = "revoke this terminal")
    String revoke;

    @Option(names = "--json", description = "print the outcome as JSON")
    boolean json;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        char[] password = null;
        try {
            password = Secrets.password(user, passwordStdin);
            var client = new ContentpayClient(auth);
            if (revoke != null) {
                TerminalInfo revoked = client.revokeTerminal(user, password, revoke);
                if (json) {
                    out.println(Json.writeString(revoked));
                } else {
                    out.printf("Revoked terminal %s (\"%s\"); its next request will be refused.%n", revoked.terminalId(), revoked.name());
                }
            } else {
                TerminalList list = client.listTerminals(user, password);
                if (json) {
                    out.println(Json.writeString(list));
                } else {
                    print(out, list);
                }
            }
            out.flush();
            return 0;
        } catch (ContentpayException e) {
            return Output.refusal(out, spec.commandLine().getErr(), e, json);
        } finally {
            if (password != null) Arrays.fill(password, '\0');
        }
    }

    private static void print(java.io.PrintWriter out, TerminalList list) {
        if (list.terminals().isEmpty()) {
            out.printf("%s has no enrolled terminals; enroll this one with: contentpay enroll --user %s%n", list.subscriberId(), list.subscriberId());
            return;
        }
        out.printf("%-28s %-30s %-8s %-20s %s%n", "TERMINAL", "NAME", "STATUS", "ENROLLED", "LAST USED");
        for (TerminalInfo t : list.terminals()) {
            out.printf("%-28s %-30s %-8s %-20s %s%n", t.terminalId(), t.name(), t.status(), minutes(t.enrolledAt()),
                    t.revokedAt() != null ? "revoked " + minutes(t.revokedAt()) : t.lastUsedAt() == null ? "never" : minutes(t.lastUsedAt()));
        }
    }

    private static String minutes(Instant at) {
        return at == null ? "" : at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }
}
