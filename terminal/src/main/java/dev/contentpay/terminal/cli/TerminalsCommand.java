package dev.contentpay.terminal.cli;

import dev.contentpay.platform.http.Json;
import dev.contentpay.protocol.TerminalInfo;
import dev.contentpay.protocol.TerminalList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Instant;
import java.util.concurrent.Callable;

@Command(name = "terminals", description = {
        "List the terminals enrolled for your id, or revoke one (a lost phone, a computer you gave away).",
        "A revoked terminal's next request is refused; enroll it again to use it again."},
        mixinStandardHelpOptions = true)
public final class TerminalsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SubscriberAccount account;

    @Option(names = "--revoke", paramLabel = "TERMINAL_ID", description = "revoke this terminal")
    String revoke;

    @Override
    public Integer call() {
        return account.run(spec, (issuer, password, out) -> {
            if (revoke != null) {
                TerminalInfo revoked = issuer.revokeTerminal(account.user, password, revoke);
                if (account.json) {
                    out.println(Json.writeString(revoked));
                } else {
                    out.println(account.language.words().get("terminals.revoked", revoked.terminalId(), revoked.name()));
                }
                return;
            }
            TerminalList list = issuer.listTerminals(account.user, password);
            if (account.json) {
                out.println(Json.writeString(list));
            } else {
                print(out, list, account.language.words());
            }
        });
    }

    /** The terminals for people, in {@code words}' language. */
    static void print(java.io.PrintWriter out, TerminalList list, CliLanguage words) {
        if (list.terminals().isEmpty()) {
            out.println(words.get("terminals.none", list.subscriberId()));
            return;
        }
        out.printf("%-28s %-30s %-8s %-20s %s%n", (Object[]) words.get("terminals.header").split("\\|"));
        for (TerminalInfo t : list.terminals()) {
            out.printf("%-28s %-30s %-8s %-20s %s%n", t.terminalId(), t.name(), words.label("terminals.status.", t.status()), minutes(t.enrolledAt()),
                    t.revokedAt() != null ? words.get("terminals.revoked-at", minutes(t.revokedAt()))
                            : t.lastUsedAt() == null ? words.get("terminals.never") : minutes(t.lastUsedAt()));
        }
    }

    private static String minutes(Instant at) {
        return at == null ? "" : at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }
}
