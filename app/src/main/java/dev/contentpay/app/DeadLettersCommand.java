package dev.contentpay.app;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.settlement.operator.OperatorClient;
import dev.contentpay.settlement.operator.OutboxEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "dead-letters", mixinStandardHelpOptions = true,
        description = "The settlement server's messages to the issuer (payment notices, refunds, voids) that failed every attempt.",
        subcommands = {DeadLettersCommand.ListCommand.class, DeadLettersCommand.ResendCommand.class})
final class DeadLettersCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List the dead letters (or, with --status, the messages in another state).", "Exit status: 0 none, 1 some, 3 unreachable."})
    static final class ListCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        OperatorOptions operator;

        @Option(names = "--status", defaultValue = "dead", description = "dead, pending, sent or all (default: ${DEFAULT-VALUE})")
        String status;

        @Option(names = "--json", description = "print the list as JSON")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                List<OutboxEntry> messages = operator.client().outbox(status);
                if (json) OperatorOutput.json(out, java.util.Map.of("messages", messages));
                else print(out, messages);
                return "dead".equals(status) && !messages.isEmpty() ? OperatorOutput.PROBLEMS : 0;
            } catch (ContentpayException e) {
                return OperatorOutput.refusal(out, spec.commandLine().getErr(), e, json);
            }
        }

        private void print(PrintWriter out, List<OutboxEntry> messages) {
            if (messages.isEmpty()) {
                out.println("dead".equals(status) ? "No dead letters." : "No messages.");
            }
            for (OutboxEntry m : messages) {
                out.printf("%s  %-6s %-7s %s  settlement %s  %d attempts  last error %s%n", m.id(), m.kind(), m.status(), m.subject(),
                        m.settlementId() == null ? "-" : m.settlementId(), m.attempts(), m.lastError() == null ? "-" : m.lastError());
            }
            out.flush();
        }
    }

    @Command(name = "resend", mixinStandardHelpOptions = true,
            description = {"Send dead letters again; the issuer applies each message once, so resending is always safe.",
                    "Exit status: 0 all resent, 1 some could not be, 3 unreachable."})
    static final class ResendCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        OperatorOptions operator;

        @Option(names = "--all", description = "resend every dead letter")
        boolean all;

        @Parameters(paramLabel = "ID", arity = "0..*", description = "the ids of the messages to resend, as dead-letters list shows them")
        List<String> ids = new ArrayList<>();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                OperatorClient client = operator.client();
                List<String> chosen = new ArrayList<>(ids);
                if (all) client.outbox("dead").forEach(m -> chosen.add(m.id()));
                if (chosen.isEmpty()) {
                    spec.commandLine().getErr().println("contentpay: name the messages to resend, or pass --all.");
                    return 2;
                }
                for (String id : chosen) {
                    OutboxEntry m = client.resend(id);
                    out.printf("%s  %s %s: now %s%n", m.id(), m.kind(), m.subject(), m.status());
                }
                out.flush();
                return 0;
            } catch (ContentpayException e) {
                return OperatorOutput.refusal(out, spec.commandLine().getErr(), e, false);
            }
        }
    }
}
