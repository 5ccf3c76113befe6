package dev.contentpay.e2e;

import dev.contentpay.auth.AuthConfig;
import dev.contentpay.platform.config.ConfigException;
import dev.contentpay.platform.config.ConfigSource;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Auth's merchant settings: each role's key file, where buyers settle, the certificate's name. */
class MerchantSettingsTest {

    private static Map<String, String> sakura() {
        var values = new HashMap<String, String>();
        values.put("merchants", "sakura");
        values.put("merchant.sakura.name", "Sakura Contents");
        values.put("merchant.sakura.seal-keys-file", "keys/shop.public.jwks");
        values.put("merchant.sakura.assertion-keys-file", "keys/settlement.public.jwks");
        values.put("merchant.sakura.settlement-url", "https://settle.sakura.test");
        return values;
    }

    @Test
    void eachRoleHasItsOwnKeyFileAndTheCertificateNameDefaultsToTheMerchantId() {
        var m = AuthConfig.load(ConfigSource.of("auth", sakura())).merchants().get(0);

        assertThat(m.sealKeysFile()).isEqualTo(Path.of("keys/shop.public.jwks"));
        assertThat(m.assertionKeysFile()).isEqualTo(Path.of("keys/settlement.public.jwks"));
        assertThat(m.settlementUrl()).isEqualTo(URI.create("https://settle.sakura.test"));
        assertThat(m.certificateName()).isEqualTo("sakura");

        var named = sakura();
        named.put("merchant.sakura.certificate-name", "settle.sakura.test");
        assertThat(AuthConfig.load(ConfigSource.of("auth", named)).merchants().get(0).certificateName()).isEqualTo("settle.sakura.test");
    }

    @Test
    void theOldSingleKeyFileIsRefusedNamingTheSettingsThatReplaceIt() {
        var old = sakura();
        old.put("merchant.sakura.keys-file", "keys/sakura.public.jwks");

        assertThatThrownBy(() -> AuthConfig.load(ConfigSource.of("auth", old)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("merchant.sakura.keys-file is no longer read")
                .hasMessageContaining("merchant.sakura.seal-keys-file")
                .hasMessageContaining("merchant.sakura.assertion-keys-file")
                .hasMessageNotContaining("is not a setting of auth");
    }

    @Test
    void bothKeyFilesAndTheSettlementUrlAreRequired() {
        var missing = sakura();
        missing.remove("merchant.sakura.assertion-keys-file");
        missing.remove("merchant.sakura.settlement-url");
        assertThatThrownBy(() -> AuthConfig.load(ConfigSource.of("auth", missing)))
                .hasMessageContaining("merchant.sakura.assertion-keys-file must be set")
                .hasMessageContaining("merchant.sakura.settlement-url must be set");

        var bad = sakura();
        bad.put("merchant.sakura.settlement-url", "ftp://settle");
        assertThatThrownBy(() -> AuthConfig.load(ConfigSource.of("auth", bad)))
                .hasMessageContaining("merchant.sakura.settlement-url must be a http or https URL");
    }
}
