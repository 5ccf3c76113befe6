package dev.contentpay.app;

import dev.contentpay.platform.money.Money;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.settlement.ledger.LedgerCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = {"Show the settlement ledger's balances and check its invariants.", "Exit status: 0 balanced, 1 not, 3 unreachable."})
final class LedgerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OperatorOptions operator;

    @Option(names = "--json", description = "print the check as JSON")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            LedgerCheck check = operator.client().ledger();
            if (json) {
                OperatorOutput.json(out, check);
            } else {
                for (var a : check.accounts()) {
                    out.printf("%-18s debits %16s  credits %16s  balance %16s%n", a.account(), Money.of(a.debits(), a.currency()).plain(),
                            Money.of(a.credits(), a.currency()).plain(), Money.of(a.balance(), a.currency()).plain());
                }
                out.println(check.balanced() ? "Balanced." : "NOT balanced:");
                check.problems().forEach(p -> out.println("  " + p));
                out.flush();
            }
            return check.balanced() ? 0 : OperatorOutput.PROBLEMS;
        } catch (ContentpayException e) {
            return OperatorOutput.refusal(out, spec.commandLine().getErr(), e, json);
        }
    }
}
