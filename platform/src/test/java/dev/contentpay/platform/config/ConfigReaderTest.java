package dev.contentpay.platform.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigReaderTest {

    @Test
    void defaultsApplyWhereNothingIsGiven() {
        var r = new ConfigReader(ConfigSource.of("auth", Map.of()));
        assertThat(r.port("http.port", 8081, "port")).isEqualTo(8081);
        assertThat(r.duration("approval.lifetime", Duration.ofMinutes(5), "lifetime")).isEqualTo(Duration.ofMinutes(5));
        r.validate();
    }

    @Test
    void givenValuesOverrideDefaultsInEveryDurationForm() {
        var r = new ConfigReader(ConfigSource.of("auth", Map.of("a", "500ms", "b", "30s", "c", "PT2M", "d", "1h")));
        assertThat(r.duration("a", Duration.ZERO.plusSeconds(1), "")).isEqualTo(Duration.ofMillis(500));
        assertThat(r.duration("b", Duration.ofSeconds(1), "")).isEqualTo(Duration.ofSeconds(30));
        assertThat(r.duration("c", Duration.ofSeconds(1), "")).isEqualTo(Duration.ofMinutes(2));
        assertThat(r.duration("d", Duration.ofSeconds(1), "")).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void everyProblemIsReportedAtOnceIncludingUnknownKeys() {
        var r = new ConfigReader(ConfigSource.of("auth", Map.of("http.port", "eighty", "bureau.timeout", "-5s", "http.prot", "1")));
        r.port("http.port", 8081, "port");
        r.duration("bureau.timeout", Duration.ofSeconds(2), "timeout");
        assertThatThrownBy(r::validate).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(3)
                        .anySatisfy(p -> assertThat(p).contains("http.port must be a whole number"))
                        .anySatisfy(p -> assertThat(p).contains("bureau.timeout"))
                        .anySatisfy(p -> assertThat(p).contains("http.prot is not a setting of auth")));
    }

    @Test
    void theEnvironmentNameIsPrefixedWithTheServer() {
        assertThat(ConfigSource.of("auth", Map.of()).environmentName("http.port")).isEqualTo("CONTENTPAY_AUTH_HTTP_PORT");
        assertThat(ConfigSource.of("settlement", Map.of()).environmentName("auth.merchant-url")).isEqualTo("CONTENTPAY_SETTLEMENT_AUTH_MERCHANT_URL");
    }
}
