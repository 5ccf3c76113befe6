package dev.contentpay.terminal.cli;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.http.Json;
import dev.contentpay.protocol.Statement;
import dev.contentpay.client.ContentpayClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.concurrent.Callable;

/** {@code contentpay statement}: the subscriber's own bill for a period, from their issuer. */
@Command(name = "statement", mixinStandardHelpOptions = true,
        description = "Show your statement for a period: charges, refunds, voids and what remains of your limit.")
public final class StatementCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--auth", defaultValue = "http://127.0.0.1:8081", description = "your issuer's URL (default: ${DEFAULT-VALUE})")
    URI auth;

    @Option(names = "--user", required = true, description = "your subscriber id")
    String user;

    @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
    boolean passwordStdin;

    @Option(names = "--from", description = "first day, YYYY-MM-DD (default: the first of this month)")
    LocalDate from;

    @Option(names = "--to", description = "last day, YYYY-MM-DD (default: today)")
    LocalDate to;

    @Option(names = "--json", description = "print the statement as JSON")
    boolean json;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        char[] password = null;
        try {
            password = Secrets.password(user, passwordStdin);
            Statement s = new ContentpayClient(auth).statement(user, password, from, to);
            if (json) {
                out.println(Json.writeString(s));
            } else {
                out.printf("Statement of %s (%s) from %s to %s%n", s.subscriberId(), s.limitKind(), s.from(), s.to());
                for (var line : s.lines()) {
                    out.printf("  %-24s %-7s %-20s %-30s %12s%n", line.at(), line.kind(), line.merchantName(), line.title(), line.amount().plain());
                }
                out.printf("  charged %s, refunded %s, voided %s; net %s%n", s.charged().plain(), s.refunded().plain(),
                        s.voided().plain(), s.net().plain());
                out.printf("  limit %s, remaining %s%n", s.limit().plain(), s.remaining().plain());
            }
            out.flush();
            return 0;
        } catch (ContentpayException e) {
            return Output.refusal(out, spec.commandLine().getErr(), e, json);
        } finally {
            if (password != null) Arrays.fill(password, '\0');
        }
    }
}
