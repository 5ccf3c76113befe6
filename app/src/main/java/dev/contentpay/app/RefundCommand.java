package dev.contentpay.app;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.money.Money;
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
        description = {"Refund a settlement, as its merchant: --amount of it, or what remains of it. Refunds may follow one another until "
                + "they add up to the settled amount; one beyond that is refused (refund_exceeds_remaining). Refunding what remains "
                + "when nothing does answers the refund that left nothing, so a whole refund run again refunds once; "
                + "a partial refund run again with the same --key is the same refund.",
                "Exit status: 0 refunded, 1 refused (for example no such settlement), 3 unreachable."})
final class RefundCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OperatorOptions operator;

    @Option(names = "--reason", description = "why, in a few words; shown on the operator's page and in the event feed")
    String reason;

    @Option(names = "--amount", paramLabel = "MINOR_UNITS",
            description = "how much to refund, in minor units of the settlement's currency (300 for 300 JPY); default: what remains")
    Long amount;

    @Option(names = "--currency", defaultValue = "JPY", description = "the currency of --amount, the settlement's (default: ${DEFAULT-VALUE})")
    String currency;

    @Option(names = "--key", description = "the request's idempotency key, to run a partial refund again safely; default: a fresh one")
    String key;

    @Option(names = "--json", description = "print the refund as JSON")
    boolean json;

    @Parameters(index = "0", paramLabel = "SETTLEMENT", description = "the settlement id, as the receipt shows it (stl_...)")
    String settlementId;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            Refund r = operator.client().refund(settlementId, amount == null ? null : amount(amount, currency), reason, key);
            if (json) {
                OperatorOutput.json(out, r);
            } else {
                out.printf("Refunded %s of settlement %s as %s at %s (%s refunded, %s remains); the issuer: %s.%n",
                        OperatorOutput.money(r.amount()), r.settlementId(), r.refundId(), r.refundedAt(),
                        OperatorOutput.money(r.settlementRefunded()), OperatorOutput.money(r.settlementRemaining()), r.status());
                out.flush();
            }
            return 0;
        } catch (ContentpayException e) {
            return OperatorOutput.refusal(out, spec.commandLine().getErr(), e, json);
        }
    }

    private static Money amount(long minorUnits, String currency) {
        if (!Money.isKnownCurrency(currency)) throw ContentpayException.invalid("currency", "must be an ISO 4217 code such as JPY");
        return Money.of(minorUnits, currency);
    }
}
