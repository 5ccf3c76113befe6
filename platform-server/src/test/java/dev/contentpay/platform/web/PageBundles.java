package dev.contentpay.platform.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checks every module with pages makes of its bundle of words ({@link PageLanguage}): English
 * and Japanese have the same keys, and every key a template or a class asks for by name
 * ({@code msg.get("key")}, {@code msg.getOr("key", ...)}) is in them.
 */
public final class PageBundles {

    /**
     * A literal key asked of the page's words. Keys built at run time ({@code "status." + s.status()},
     * error codes) are not listed: each is asked with {@code getOr} and a literal fallback, or
     * covered by a test of its own.
     */
    private static final Pattern USED = Pattern.compile("msg\\.(?:get|getOr)\\(\"([^\"]+)\"\\s*[,)]");

    private PageBundles() {
    }

    public static void assertComplete(PageLanguage.Words words, Path... sources) {
        Set<String> english = new TreeSet<>(words.in(Locale.ENGLISH).keySet());
        Set<String> japanese = new TreeSet<>(words.in(Locale.JAPANESE).keySet());
        assertThat(english).as("keys of the English bundle").isNotEmpty();
        assertThat(japanese).as("the Japanese bundle has exactly the English keys").isEqualTo(english);
        assertThat(words.in(Locale.JAPANESE).getLocale()).isEqualTo(Locale.JAPANESE);
        if (english.stream().anyMatch(k -> k.startsWith("error."))) {
            assertThat(english).as("the fallbacks of PageLanguage.errorSentence").contains("error.general", "error.retryable");
        }
        Set<String> used = used(sources);
        assertThat(used).as("keys used by " + java.util.Arrays.toString(sources)).isNotEmpty();
        assertThat(english).as("every key the templates and classes use is in the bundles").containsAll(used);
    }

    static Set<String> used(Path... sources) {
        Set<String> used = new TreeSet<>();
        for (Path source : sources) {
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".jte") || f.toString().endsWith(".java")).toList()) {
                    var matcher = USED.matcher(Files.readString(file));
                    while (matcher.find()) used.add(matcher.group(1));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return used;
    }
}
