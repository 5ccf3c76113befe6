package dev.contentpay.app.operator;

import dev.contentpay.protocol.admin.SandboxFaultSetting;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code contentpay sandbox faults ...}: the faults a sandbox issuer injects for one merchant
 * (docs/MERCHANTS.md, "Sandbox"), set and shown through auth's admin face. A live issuer refuses
 * them with {@code sandbox_only}.
 */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = "The merchant sandbox: faults a sandbox issuer injects on a merchant's webhooks and payment notices (auth's admin face).",
        subcommands = {SandboxCommand.Faults.class})
public final class SandboxCommand {

    @Mixin
    AdminFace face;

    @Command(name = "faults", mixinStandardHelpOptions = true, description = "Show, set or clear a merchant's sandbox faults.",
            subcommands = {Show.class, Set.class, Clear.class})
    static final class Faults {
        @ParentCommand SandboxCommand sandbox;
    }

    private static String path(String merchant) {
        return "/v1/admin/sandbox/merchants/" + AdminCommand.Call.enc(merchant) + "/faults";
    }

    @Command(name = "show", description = "The merchant's faults and delay.")
    static final class Show implements Callable<Integer> {
        @ParentCommand Faults faults;
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "MERCHANT") String merchant;

        @Override
        public Integer call() {
            return AdminCommand.Call.print(spec, () -> faults.sandbox.face.client().get(path(merchant)));
        }
    }

    @Command(name = "set", description = "Set the merchant's faults, replacing those it had: delay-webhooks, duplicate-webhooks, "
            + "reorder-webhooks, drop-webhooks, delay-notices, drop-notices.")
    static final class Set implements Callable<Integer> {
        @ParentCommand Faults faults;
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "MERCHANT") String merchant;
        @Parameters(index = "1..*", paramLabel = "FAULT", arity = "1..*") List<String> names;
        @Option(names = "--delay", description = "seconds a delay lasts (default: the issuer's sandbox.fault-delay)") Integer delay;

        @Override
        public Integer call() {
            return AdminCommand.Call.print(spec, () -> faults.sandbox.face.client().send("PUT", path(merchant),
                    new SandboxFaultSetting(null, names, delay)));
        }
    }

    @Command(name = "clear", description = "Clear the merchant's faults: its webhooks and notices go as in live.")
    static final class Clear implements Callable<Integer> {
        @ParentCommand Faults faults;
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "MERCHANT") String merchant;

        @Override
        public Integer call() {
            return AdminCommand.Call.print(spec, () -> faults.sandbox.face.client().send("PUT", path(merchant),
                    new SandboxFaultSetting(null, List.of(), null)));
        }
    }
}
