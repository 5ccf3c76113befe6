package dev.contentpay.app;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.settlement.refund.Refund;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "refund", mixinStandardHelpOptions = true,
        description = {"Refund a settlement in full, as its merchant. A settlement is refunded once: running this again answers the same refund.",
                "Exit status: 0 refunded, 1 refused (for example no such settlement), 3 unreachable."})
final class RefundCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OperatorOptions operator;

    @Option(names = "--reason", description = "why, in a few words; shown on the operator's page and in the event feed")
    String reason;

    @Option(names = "--json", description = "print the refund as JSON")
    boolean json;

    @Parameters(index = "0", paramLabel = "SETTLEMENT", description = "the settlement id, as the receipt shows it (stl_...)")
    String settlementId;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            Refund r = operator.client().refund(settlementId, reason);
            if (json) {
                OperatorOutput.json(out, r);
            } else {
                out.printf("Refunded %s of settlement %s as %s at %s; the issuer: %s.%n", OperatorOutput.money(r.amount()), r.settlementId(),
                        r.refundId(), r.refundedAt(), r.status());
                out.flush();
            }
            return 0;
        } catch (ContentpayException e) {
            return OperatorOutput.refusal(out, spec.commandLine().getErr(), e, json);
        }
    }
}
