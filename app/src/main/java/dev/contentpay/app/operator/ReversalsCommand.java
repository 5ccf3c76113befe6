package dev.contentpay.app.operator;

import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.admin.OpenReversalRequest;
import dev.contentpay.protocol.admin.ReversalDecisionRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code contentpay admin reversals ...}: the issuer opens reversals of charged purchases, lists them and decides contested ones. */
@Command(name = "reversals", mixinStandardHelpOptions = true,
        description = "Open a reversal of a charged purchase (a subscriber's dispute, customer care), list reversals, and decide a contested one "
                + "(auth's admin face). The merchant accepts or contests an open reversal on its side.",
        subcommands = {ReversalsCommand.Open.class, ReversalsCommand.List.class, ReversalsCommand.Decide.class})
final class ReversalsCommand {

    @ParentCommand
    AdminCommand admin;

    @Command(name = "open", description = "Open a reversal of the charge of an allowance; the merchant is told by its reversal.opened event.")
    static final class Open implements Callable<Integer> {
        @ParentCommand ReversalsCommand reversals;
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "ALLOWANCE_ID") String allowanceId;
        @Option(names = "--reason", required = true,
                description = "not_received, not_as_described, unauthorized, duplicate or customer_care") String reason;
        @Option(names = "--amount", paramLabel = "MINOR_UNITS", description = "how much to ask back; default: what remains of the charge") Long amount;
        @Option(names = "--currency", defaultValue = "JPY", description = "the currency of --amount (default: ${DEFAULT-VALUE})") String currency;

        @Override
        public Integer call() {
            return AdminCommand.Call.print(spec, () -> reversals.admin.client().send("POST", "/v1/admin/reversals",
                    new OpenReversalRequest(allowanceId, reason, amount == null ? null : Money.of(amount, currency))));
        }
    }

    @Command(name = "list", description = "List reversals, newest first.")
    static final class List implements Callable<Integer> {
        @ParentCommand ReversalsCommand reversals;
        @Spec CommandSpec spec;
        @Option(names = "--status", description = "only this status: opened, contested, accepted, upheld or rejected") String status;
        @Option(names = "--merchant", description = "only this merchant's") String merchant;
        @Option(names = "--limit", defaultValue = "100", description = "at most this many (1 to 500; default: ${DEFAULT-VALUE})") int limit;

        @Override
        public Integer call() {
            String query = "?limit=" + limit + (status == null ? "" : "&status=" + AdminCommand.Call.enc(status))
                    + (merchant == null ? "" : "&merchant=" + AdminCommand.Call.enc(merchant));
            return AdminCommand.Call.print(spec, () -> reversals.admin.client().get("/v1/admin/reversals" + query));
        }
    }

    @Command(name = "decide", description = "Decide a contested reversal: upheld gives the money back (all it asked, or --amount of it), rejected leaves it with the merchant.")
    static final class Decide implements Callable<Integer> {
        @ParentCommand ReversalsCommand reversals;
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "REVERSAL_ID") String id;
        @Parameters(index = "1", paramLabel = "OUTCOME", description = "upheld or rejected") String outcome;
        @Option(names = "--amount", paramLabel = "MINOR_UNITS", description = "when upheld, how much to give back; default: all the reversal asked") Long amount;
        @Option(names = "--currency", defaultValue = "JPY", description = "the currency of --amount (default: ${DEFAULT-VALUE})") String currency;
        @Option(names = "--note", description = "the issuer's note to the merchant") String note;

        @Override
        public Integer call() {
            return AdminCommand.Call.print(spec, () -> reversals.admin.client().send("POST", "/v1/admin/reversals/" + AdminCommand.Call.enc(id)
                    + "/decision", new ReversalDecisionRequest(outcome, amount == null ? null : Money.of(amount, currency), note)));
        }
    }
}
