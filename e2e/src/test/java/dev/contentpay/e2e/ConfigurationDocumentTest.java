package dev.contentpay.e2e;

import dev.contentpay.auth.AuthConfig;
import dev.contentpay.bureau.BureauConfig;
import dev.contentpay.platform.config.ConfigReader;
import dev.contentpay.settlement.SettlementConfig;
import dev.contentpay.shop.ShopConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/CONFIGURATION.md stays true to the code: every setting of every server, with its default. */
class ConfigurationDocumentTest {

    @Test
    void theConfigurationDocumentListsEverySettingWithItsDefault() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "CONFIGURATION.md"));
        Map<String, List<ConfigReader.Setting>> servers = Map.of("auth", AuthConfig.settings(), "settlement", SettlementConfig.describe(),
                "shop", ShopConfig.settings(), "bureau", BureauConfig.settings(), "store", dev.contentpay.app.StoreServer.settings());
        servers.forEach((server, settings) -> {
            String section = doc.substring(doc.indexOf("## " + server));
            for (var s : settings) {
                String shown = s.defaultValue() == null || s.defaultValue().isEmpty() ? "(none)" : "`" + s.defaultValue() + "`";
                assertThat(section).as("%s's setting %s (run ./contentpay config %s)", server, s.key(), server)
                        .contains("| `" + s.key() + "` | " + shown + " |");
            }
        });
    }
}
