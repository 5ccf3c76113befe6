package dev.contentpay.app;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.settlement.operator.Amounts;
import dev.contentpay.settlement.reconcile.Mismatch;
import dev.contentpay.settlement.reconcile.ReconciliationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.concurrent.Callable;

@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = {"Compare the issuer's charges and refunds of one UTC day with the settlement ledger and list every mismatch.",
                "Exit status: 0 clean, 1 mismatches (or the ledger does not balance), 3 a server could not be reached."})
final class ReconcileCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OperatorOptions operator;

    @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "the day to reconcile (UTC)")
    LocalDate date;

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            ReconciliationReport report = operator.client().reconcile(date);
            if (json) OperatorOutput.json(out, report);
            else print(out, report);
            return report.clean() ? 0 : OperatorOutput.PROBLEMS;
        } catch (ContentpayException e) {
            return OperatorOutput.refusal(out, spec.commandLine().getErr(), e, json);
        }
    }

    private static void print(PrintWriter out, ReconciliationReport r) {
        out.printf("Reconciliation of %s on %s (UTC), %s%n", r.merchantId(), r.date(), r.currency());
        out.printf("  settlement  %s%n", totals(r.settlement()));
        out.printf("  issuer      %s%n", totals(r.issuer()));
        out.printf("  ledger      %s%n", r.ledger().balanced() ? "balanced" : "NOT balanced");
        r.ledger().problems().forEach(p -> out.printf("    %s%n", p));
        if (r.mismatches().isEmpty()) {
            out.println(r.clean() ? "No mismatches." : "No mismatches, but the ledger does not balance.");
        } else {
            out.printf("%d mismatch%s:%n", r.mismatches().size(), r.mismatches().size() == 1 ? "" : "es");
            r.mismatches().forEach(m -> print(out, m));
        }
        out.flush();
    }

    private static String totals(ReconciliationReport.Totals t) {
        return Amounts.count(t.charges(), "charge") + " " + OperatorOutput.money(t.charged()) + ", "
                + Amounts.count(t.refunds(), "refund") + " " + OperatorOutput.money(t.refunded());
    }

    private static void print(PrintWriter out, Mismatch m) {
        out.printf("  %-6s %-21s allowance %s settlement %s%s: ours %s, issuer %s%n      %s%n", m.kind(), m.type(),
                m.allowanceId(), m.settlementId(), m.refundId() == null ? "" : " refund " + m.refundId(),
                OperatorOutput.money(m.ours()), OperatorOutput.money(m.issuers()), m.detail());
    }
}
