package dev.contentpay.harness;

import dev.contentpay.harness.bench.BenchCommand;
import dev.contentpay.harness.bench.PeerBenchCommand;
import dev.contentpay.harness.chaos.ChaosCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The harness launcher: {@code contentpay bench}, {@code contentpay bench-peer} and {@code contentpay chaos}.
 * They measure and break the product from outside, so they ship in their own jar rather than in the
 * product's; ../contentpay runs this one when its first argument names one of them.
 */
@Command(name = "contentpay", mixinStandardHelpOptions = true, version = "contentpay 0.1.0",
        description = "Measure contentpay's purchases (bench, bench-peer) and crash or race its servers (chaos).",
        subcommands = {BenchCommand.class, PeerBenchCommand.class, ChaosCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** This launcher's commands with the product launcher's error handling. */
    public static CommandLine commandLine() {
        return dev.contentpay.app.Main.configure(new CommandLine(new Main()));
    }
}
