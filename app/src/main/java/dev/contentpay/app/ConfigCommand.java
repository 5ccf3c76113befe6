package dev.contentpay.app;

import dev.contentpay.auth.AuthConfig;
import dev.contentpay.bureau.BureauConfig;
import dev.contentpay.platform.config.ConfigReader;
import dev.contentpay.platform.config.ConfigSource;
import dev.contentpay.settlement.SettlementConfig;
import dev.contentpay.shop.ShopConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "config", mixinStandardHelpOptions = true,
        description = "List a server's settings with their defaults and descriptions, as a Markdown table.")
final class ConfigCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SERVER", description = "one of: ${COMPLETION-CANDIDATES}")
    ServeCommand.Server server;

    static List<ConfigReader.Setting> settingsOf(ServeCommand.Server server) {
        return switch (server) {
            case auth -> AuthConfig.settings();
            case settlement -> SettlementConfig.describe();
            case shop -> ShopConfig.settings();
            case bureau -> BureauConfig.settings();
            case store -> StoreServer.settings();
        };
    }

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        out.println("| key | default | environment | meaning |");
        out.println("|---|---|---|---|");
        for (var s : settingsOf(server)) {
            String env = ConfigSource.of(server.name(), java.util.Map.of()).environmentName(s.key());
            out.printf("| `%s` | %s | `%s` | %s |%n", s.key(), s.defaultValue() == null || s.defaultValue().isEmpty() ? "(none)" : "`" + s.defaultValue() + "`",
                    env, s.description());
        }
        out.flush();
        return 0;
    }
}
