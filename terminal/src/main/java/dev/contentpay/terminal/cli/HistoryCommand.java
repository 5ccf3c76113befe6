package dev.contentpay.terminal.cli;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.http.Json;
import dev.contentpay.protocol.History;
import dev.contentpay.client.ContentpayClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.util.Arrays;
import java.util.concurrent.Callable;

@Command(name = "history", description = "Show your charges and what remains of your budget, from your issuer.",
        mixinStandardHelpOptions = true)
public final class HistoryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--auth", required = true, description = "your issuer's URL, for example http://127.0.0.1:8081")
    URI auth;

    @Option(names = "--user", required = true, description = "your subscriber id at the issuer")
    String user;

    @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
    boolean passwordStdin;

    @Option(names = "--json", description = "print the history as JSON")
    boolean json;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        char[] password = null;
        try {
            password = Secrets.password(user, passwordStdin);
            History h = new ContentpayClient(auth).history(user, password);
            if (json) {
                out.println(Json.writeString(h));
            } else {
                out.printf("%s: %s limit %s (%s)%n", h.subscriberId(), h.limitKind(), h.limit().plain(), h.period());
                out.printf("  charged %s, reserved %s, remaining %s%n", h.charged().plain(), h.reserved().plain(), h.remaining().plain());
                out.printf("%-26s %-20s %-30s %12s  %s%n", "DATE", "MERCHANT", "ITEM", "AMOUNT", "STATUS");
                for (var e : h.entries()) {
                    out.printf("%-26s %-20s %-30s %12s  %s%n", e.issuedAt(), e.merchantName(), e.title(), e.amount().plain(), e.status());
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
}
