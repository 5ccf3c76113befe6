package dev.contentpay.app;

import dev.contentpay.platform.config.ConfigException;
import dev.contentpay.terminal.cli.BuyCommand;
import dev.contentpay.terminal.cli.CatalogCommand;
import dev.contentpay.terminal.cli.EnrollCommand;
import dev.contentpay.terminal.cli.HistoryCommand;
import dev.contentpay.terminal.cli.PinThresholdCommand;
import dev.contentpay.terminal.cli.RestoreCommand;
import dev.contentpay.terminal.cli.TerminalsCommand;
import dev.contentpay.terminal.cli.ApprovalStateCommand;
import dev.contentpay.terminal.cli.VerifyReceiptCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one launcher: {@code contentpay demo}, {@code contentpay serve auth}, {@code contentpay buy}, ... */
@Command(name = "contentpay", mixinStandardHelpOptions = true, version = "contentpay 0.1.0",
        description = "Sell digital content while the buyer's identity stays with their issuer.",
        footer = {"", "The test harnesses bench, bench-peer and chaos are in their own jar,",
                "harness/target/contentpay-harness.jar, which ./contentpay runs for them",
                "(./contentpay bench --help, ./contentpay chaos --help)."},
        subcommands = {DemoCommand.class, ServeCommand.class, CatalogCommand.class, BuyCommand.class, HistoryCommand.class,
                EnrollCommand.class, TerminalsCommand.class, ApprovalStateCommand.class, PinThresholdCommand.class, RestoreCommand.class, VerifyReceiptCommand.class,
                dev.contentpay.terminal.cli.DownloadCommand.class,
                dev.contentpay.app.operator.AdminCommand.class, dev.contentpay.terminal.cli.StatementCommand.class, ConfigCommand.class, KeysCommand.class,
                ReconcileCommand.class, RefundCommand.class, ReversalsCommand.class, DeadLettersCommand.class, IssuerEventsCommand.class, LedgerCommand.class,
                dev.contentpay.app.doctor.DoctorCommand.class, dev.contentpay.app.operator.SandboxCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return configure(new CommandLine(new Main()));
    }

    /**
     * Gives {@code cli} the launcher's handling of a failed command: a bad configuration lists its
     * problems and exits 2, anything else prints its first message and exits 1. Public so that the
     * harness jar (harness/, {@code contentpay bench} and {@code chaos}) fails as the launcher does.
     */
    public static CommandLine configure(CommandLine cli) {
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException config) {
                commandLine.getErr().println("contentpay: the configuration cannot be used:");
                config.problems().forEach(p -> commandLine.getErr().println("  - " + p));
                return 2;
            }
            commandLine.getErr().println("contentpay: " + firstSentence(e));
            return 1;
        });
        return cli;
    }

    private static String firstSentence(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) return t.getMessage();
        }
        return e.getClass().getSimpleName();
    }
}
