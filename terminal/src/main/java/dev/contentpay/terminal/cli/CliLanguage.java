package dev.contentpay.terminal.cli;

import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

/**
 * The language the command line speaks to people, English or Japanese: {@code --lang ja|en}, else
 * the locale of the environment as POSIX orders it ({@code LC_ALL}, then {@code LC_MESSAGES}, then
 * {@code LANG}; {@code ja_JP.UTF-8} is Japanese), else English. Its words come from one bundle per
 * language ({@code messages.properties}, {@code messages_ja.properties} beside this class). Only
 * the lines for people change: {@code --json} output is the same in every language.
 */
final class CliLanguage {

    static final String BUNDLE = "dev.contentpay.terminal.cli.messages";

    private final Locale locale;
    private final ResourceBundle bundle;

    private CliLanguage(Locale locale) {
        this.locale = locale;
        this.bundle = bundle(locale);
    }

    /** The {@code --lang} option, mixed into the commands that speak to people. */
    static final class Choice {
        @Option(names = "--lang", paramLabel = "LANG",
                description = "the language of the lines for people: en or ja (default: from LC_ALL, LC_MESSAGES or LANG, else en)")
        String lang;

        CliLanguage words() {
            return of(lang, System.getenv());
        }
    }

    /** The language {@code option} names, else the environment's, else English. */
    static CliLanguage of(String option, Map<String, String> env) {
        if (option != null && !option.isBlank()) return new CliLanguage(japanese(option) ? Locale.JAPANESE : Locale.ENGLISH);
        for (String name : new String[] {"LC_ALL", "LC_MESSAGES", "LANG"}) {
            String value = env.get(name);
            // The first of these that is set and not empty decides, as for every POSIX program.
            if (value != null && !value.isEmpty()) return new CliLanguage(japanese(value) ? Locale.JAPANESE : Locale.ENGLISH);
        }
        return new CliLanguage(Locale.ENGLISH);
    }

    /** {@code ja}, {@code ja_JP}, {@code ja_JP.UTF-8}, {@code ja-JP}: Japanese. */
    private static boolean japanese(String tag) {
        String t = tag.strip().toLowerCase(Locale.ROOT);
        return t.equals("ja") || t.startsWith("ja_") || t.startsWith("ja-") || t.startsWith("ja.");
    }

    static ResourceBundle bundle(Locale locale) {
        return ResourceBundle.getBundle(BUNDLE, locale, CliLanguage.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    java.util.Locale locale() {
        return locale;
    }

    boolean japaneseSpoken() {
        return locale.equals(Locale.JAPANESE);
    }

    /** The words for {@code key} with {@code args} put in its {@code {0}}, {@code {1}}... (already formatted). */
    String get(String key, Object... args) {
        String text = bundle.getString(key);
        for (int i = 0; i < args.length; i++) text = text.replace("{" + i + "}", String.valueOf(args[i]));
        return text;
    }

    /** Whether this language has words for {@code key}. */
    boolean has(String key) {
        return bundle.containsKey(key);
    }

    /** The words for the stable code {@code code} under {@code prefix} ({@code approval.status.charged}), or the code itself. */
    String label(String prefix, String code) {
        if (code == null) return "";
        return bundle.containsKey(prefix + code) ? bundle.getString(prefix + code) : code;
    }

    /**
     * A refusal in one sentence: in Japanese the bundle's sentence for the stable code, with the
     * code; in English the party's own detail, which names the value at fault, else the bundle's.
     */
    String refusal(String code, boolean retryable, String detail) {
        String key = "error." + code.toUpperCase(Locale.ROOT);
        String sentence = bundle.containsKey(key) ? get(key) : get(retryable ? "error.retryable" : "error.general");
        if (japaneseSpoken()) return get("error.with-code", sentence, code);
        if (detail == null || detail.isBlank()) return sentence;
        String t = detail.strip();
        return t.endsWith(".") || t.endsWith(")") ? t : t + ".";
    }
}
