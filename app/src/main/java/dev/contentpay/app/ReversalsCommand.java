package dev.contentpay.app;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.protocol.ReversalView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** {@code contentpay reversals ...}: the merchant's side of the issuer's reversals, on the settlement server. */
@Command(name = "reversals", mixinStandardHelpOptions = true,
        description = {"The issuer's reversals of this merchant's purchases (a subscriber's dispute, customer care): list them, accept an open "
                + "one (the issuer gives the money back at once and the download is revoked) or contest it with a note for the issuer, who decides.",
                "Exit status: 0 done, 1 refused (for example reversal_not_open), 3 unreachable."},
        subcommands = {ReversalsCommand.List.class, ReversalsCommand.Accept.class, ReversalsCommand.Contest.class})
final class ReversalsCommand {

    @Command(name = "list", description = "List reversals, newest first.")
    static final class List implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin OperatorOptions operator;
        @Option(names = "--json", description = "print JSON") boolean json;
        @Option(names = "--status", description = "only this status: opened, contested, accepted, upheld or rejected") String status;

        @Override
        public Integer call() {
            return run(spec, json, () -> operator.client().reversals(status), reversals -> {
                PrintWriter out = spec.commandLine().getOut();
                for (ReversalView r : reversals) out.println(line(r));
                out.printf("%d reversals.%n", reversals.size());
            });
        }
    }

    @Command(name = "accept", description = "Accept an open reversal: the issuer gives the money back now, and the purchase is no longer delivered.")
    static final class Accept implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin OperatorOptions operator;
        @Option(names = "--json", description = "print JSON") boolean json;
        @Parameters(index = "0", paramLabel = "REVERSAL_ID") String id;

        @Override
        public Integer call() {
            return run(spec, json, () -> operator.client().acceptReversal(id), r -> spec.commandLine().getOut().println(line(r)));
        }
    }

    @Command(name = "contest", description = "Contest an open reversal with a note saying why; the issuer decides it.")
    static final class Contest implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin OperatorOptions operator;
        @Option(names = "--json", description = "print JSON") boolean json;
        @Parameters(index = "0", paramLabel = "REVERSAL_ID") String id;
        @Option(names = "--note", required = true, description = "why the merchant contests it, for the issuer (at most 500 characters)") String note;

        @Override
        public Integer call() {
            return run(spec, json, () -> operator.client().contestReversal(id, note), r -> spec.commandLine().getOut().println(line(r)));
        }
    }

    static String line(ReversalView r) {
        return String.format("%s  %s  %s  settlement %s  asks %s%s%s", r.id(), r.status(), r.reason(), r.settlementId(),
                OperatorOutput.money(r.amount()), r.refunded() == null ? "" : ", gave back " + OperatorOutput.money(r.refunded()),
                r.note() == null ? "" : "  note: " + r.note());
    }

    private static <T> int run(CommandSpec spec, boolean json, Supplier<T> call, java.util.function.Consumer<T> print) {
        PrintWriter out = spec.commandLine().getOut();
        try {
            T answer = call.get();
            if (json) OperatorOutput.json(out, answer);
            else print.accept(answer);
            out.flush();
            return 0;
        } catch (ContentpayException e) {
            return OperatorOutput.refusal(out, spec.commandLine().getErr(), e, json);
        }
    }
}
