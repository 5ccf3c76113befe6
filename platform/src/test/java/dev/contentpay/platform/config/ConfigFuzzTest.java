package dev.contentpay.platform.config;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing configuration values (docs/RELIABILITY.md): whatever a file or the environment holds,
 * reading a setting never throws, {@link ConfigReader#validate()} refuses with a
 * {@link ConfigException} only, and a configuration it lets through holds values in range.
 */
class ConfigFuzzTest {

    enum Mode { REFUSE, ALLOW_WITH_DEFAULTS }

    @Property
    void anyValueIsReadOrRefusedWithItsProblemNamed(@ForAll("values") String value) {
        var reader = new ConfigReader(ConfigSource.of("fuzz", Map.of("port", value, "count", value, "big", value, "flag", value,
                "timeout", value, "file", value, "url", value, "mode", value, "name", value)));
        int port = reader.port("port", 8080, "a port");
        reader.integer("count", 1, "a number");
        reader.longValue("big", 1L, "a long number");
        reader.bool("flag", false, "a switch");
        Duration timeout = reader.duration("timeout", Duration.ofSeconds(5), "a time-out");
        reader.path("file", "x", "a file");
        reader.url("url", "http://127.0.0.1:1", "a URL");
        reader.choice("mode", Mode.REFUSE, "a choice");
        reader.required("name", "a name");
        try {
            reader.validate();
        } catch (ConfigException refused) {
            assertThat(refused.problems()).isNotEmpty();
            return;
        }
        assertThat(port).isBetween(0, 65535);
        assertThat(timeout).isPositive();
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().withChars("0123456789-+. smhdPTSMHx").ofMaxLength(25),
                Arbitraries.of("99999999999999999999", "-1", "65536", "0", "9999999999999d", "PT-5S", "P99999999999D", "0s", "http://",
                        "https://host:99999/x", "file:///etc/passwd", "\u0000", "ıNFO", "allow-with-defaults", "yes", " on "));
    }
}
