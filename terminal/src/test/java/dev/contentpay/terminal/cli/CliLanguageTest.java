package dev.contentpay.terminal.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class CliLanguageTest {

    @Test
    void theOptionOutweighsTheEnvironmentWhichIsReadInPosixOrder() {
        assertThat(CliLanguage.of("ja", Map.of("LANG", "en_US.UTF-8")).japaneseSpoken()).isTrue();
        assertThat(CliLanguage.of("en", Map.of("LC_ALL", "ja_JP.UTF-8")).japaneseSpoken()).isFalse();
        assertThat(CliLanguage.of(null, Map.of("LANG", "ja_JP.UTF-8")).japaneseSpoken()).isTrue();
        assertThat(CliLanguage.of(null, Map.of("LC_ALL", "C", "LANG", "ja_JP.UTF-8")).japaneseSpoken()).isFalse();
        assertThat(CliLanguage.of(null, Map.of("LC_ALL", "", "LC_MESSAGES", "ja_JP", "LANG", "en_GB.UTF-8")).japaneseSpoken()).isTrue();
        assertThat(CliLanguage.of(null, Map.of()).japaneseSpoken()).isFalse();
        assertThat(CliLanguage.of(null, Map.of("LANG", "jav_ID")).japaneseSpoken()).as("Javanese is not Japanese").isFalse();
    }

    @Test
    void aRefusalIsTheBundlesSentenceWithItsCodeInJapaneseAndTheServersDetailInEnglish() {
        assertThat(CliLanguage.of("ja", Map.of()).refusal("credit_refused", false, "The issuer declined credit"))
                .isEqualTo("発行者がこの購入の与信をお断りしました。料金は請求されていません。（credit_refused）");
        assertThat(CliLanguage.of("ja", Map.of()).refusal("server_busy", true, "busy")).startsWith("相手側で問題が発生しました").endsWith("（server_busy）");
        assertThat(CliLanguage.of("en", Map.of()).refusal("credit_refused", false, "The issuer declined credit"))
                .isEqualTo("The issuer declined credit.");
        assertThat(CliLanguage.of("en", Map.of()).refusal("credit_refused", false, " ")).isEqualTo("Your issuer declined credit for this purchase. Nothing was charged.");
    }

    @Test
    void theJapaneseAndEnglishBundlesHaveTheSameKeysAndEveryKeyUsedIsInThem() throws Exception {
        var english = new TreeSet<>(CliLanguage.bundle(Locale.ENGLISH).keySet());
        assertThat(new TreeSet<>(CliLanguage.bundle(Locale.JAPANESE).keySet())).isEqualTo(english);
        var used = new TreeSet<String>();
        // words.get("key"), and words().get("key") on a command's language option.
        var call = Pattern.compile("words(?:\\(\\))?\\.get\\(\"([^\"]+)\"");
        try (var files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                var m = call.matcher(Files.readString(file));
                while (m.find()) used.add(m.group(1));
            }
        }
        assertThat(used).isNotEmpty();
        assertThat(english).containsAll(used).contains("error.general", "error.retryable", "error.with-code");
    }
}
