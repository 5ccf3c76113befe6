package dev.contentpay.platform.web;

import io.javalin.http.Context;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The language a page is written in, English or Japanese, and its words: one per request, handed
 * to the templates as {@code msg}. The choice, strongest first:
 * <ol>
 *   <li>the {@code lang} query parameter of the switch link every page carries, which is then
 *       remembered in the cookie {@code lang} (a year, SameSite=Lax, readable by no script);</li>
 *   <li>that cookie;</li>
 *   <li>the browser's {@code Accept-Language}, weighed by its q-values
 *       ({@link Locale#lookup});</li>
 *   <li>English.</li>
 * </ol>
 * Pages say {@code Vary: Accept-Language, Cookie}, since the same address answers in two languages.
 * The words come from one resource bundle per language of the server's own ({@code messages.properties}
 * English, {@code messages_ja.properties} Japanese; UTF-8, as Java reads properties since 9), with
 * {@code {0}} placeholders. A key missing from a bundle fails loudly: the bundle test of
 * each module keeps the two languages' keys the same.
 */
public final class PageLanguage {

    /** The languages the pages are written in, English first: it is the default. */
    public static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, Locale.JAPANESE);

    /** The query parameter of the switch link, and the cookie that remembers the choice. */
    public static final String PARAMETER = "lang";

    static final Duration REMEMBERED = Duration.ofDays(365);

    private final Locale locale;
    private final ResourceBundle bundle;
    private final String switchHref;

    private PageLanguage(Locale locale, ResourceBundle bundle, String switchHref) {
        this.locale = locale;
        this.bundle = bundle;
        this.switchHref = switchHref;
    }

    /**
     * The language of the page answering {@code ctx}, with the words of the bundle {@code bundleName}
     * (e.g. {@code dev.contentpay.shop.web.messages}). Remembers an explicit choice in the cookie
     * and says on the answer what it varies by.
     *
     * @param cookies  the server's cookies (the Secure rule and prefix)
     * @param homePath where the switch link of a page answering a form post leads (a post cannot
     *                 be repeated by a link); a page answering a GET switches in place
     * @param carried  the query parameters the switch link carries over, re-encoded; no other text
     *                 of the page's address is ever written back into the page
     */
    public static PageLanguage of(Context ctx, Cookies cookies, Words words, String homePath, Set<String> carried) {
        String asked = ctx.queryParam(PARAMETER);
        Locale chosen = supported(asked);
        if (chosen != null) {
            cookies.cookie(PARAMETER, chosen.getLanguage()).maxAge(REMEMBERED).on(ctx);
        } else {
            chosen = supported(cookies.read(ctx, PARAMETER));
        }
        if (chosen == null) chosen = fromAcceptLanguage(ctx.header("Accept-Language"));
        ctx.header("Vary", "Accept-Language, Cookie");
        Locale other = chosen.equals(Locale.JAPANESE) ? Locale.ENGLISH : Locale.JAPANESE;
        boolean get = "GET".equals(ctx.method().name());
        Map<String, String> kept = new LinkedHashMap<>();
        if (get) {
            for (String name : carried) {
                String value = ctx.queryParam(name);
                if (value != null && value.length() <= 8192) kept.put(name, value);
            }
        }
        return new PageLanguage(chosen, words.in(chosen), switchHref(get ? ctx.path() : homePath, kept, other));
    }

    /** The language {@code tag} names when it is one the pages are written in ({@code ja}, {@code en}), else null. */
    static Locale supported(String tag) {
        if (tag == null) return null;
        return LANGUAGES.stream().filter(l -> l.getLanguage().equals(tag.strip().toLowerCase(Locale.ROOT))).findFirst().orElse(null);
    }

    /**
     * The best of our languages for an {@code Accept-Language} header, by its q-values: a language
     * the browser weighs at zero is never taken, and a header that cannot be parsed counts as absent.
     */
    static Locale fromAcceptLanguage(String header) {
        if (header == null || header.isBlank() || header.length() > 1000) return Locale.ENGLISH;
        try {
            List<Locale.LanguageRange> ranges = Locale.LanguageRange.parse(header);
            Locale best = Locale.lookup(ranges, LANGUAGES);
            return best == null ? Locale.ENGLISH : best;
        } catch (IllegalArgumentException e) {
            return Locale.ENGLISH;
        }
    }

    /**
     * A server's bundle of words, e.g. {@code new Words("dev.contentpay.shop.web.messages", PageService.class)}.
     *
     * @param owner a class of the module whose jar holds the bundle
     */
    public record Words(String bundleName, Class<?> owner) {
        /** The bundle of one language, never falling back to the machine's default locale. */
        public ResourceBundle in(Locale locale) {
            return ResourceBundle.getBundle(bundleName, locale, owner.getClassLoader(),
                    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        }

        /** The page language {@code locale} with these words, for a page written outside a request (and tests). */
        public PageLanguage at(Locale locale, String switchHref) {
            return new PageLanguage(locale, in(locale), switchHref);
        }
    }

    /** A page's own address with {@code lang} set to {@code to} and the {@code kept} parameters. */
    static String switchHref(String path, Map<String, String> kept, Locale to) {
        var query = new StringBuilder();
        kept.forEach((name, value) -> query.append(encode(name)).append('=').append(encode(value)).append('&'));
        return path + "?" + query + PARAMETER + "=" + encode(to.getLanguage());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** The page's language for {@code <html lang>}: {@code en} or {@code ja}. */
    public String lang() {
        return locale.getLanguage();
    }

    public Locale locale() {
        return locale;
    }

    public boolean japanese() {
        return locale.equals(Locale.JAPANESE);
    }

    /** Where the switch to the other language leads. */
    public String switchHref() {
        return switchHref;
    }

    /** The name of the other language, in itself: the switch link's words. */
    public String switchLabel() {
        return japanese() ? "English" : "日本語";
    }

    /** The language the switch leads to, for the link's {@code hreflang} and {@code lang}. */
    public String switchLang() {
        return japanese() ? "en" : "ja";
    }

    /**
     * The words for {@code key}, with {@code args} put in its {@code {0}}, {@code {1}}... Plain
     * replacement, not {@link java.text.MessageFormat}: English sentences are full of apostrophes,
     * which MessageFormat would take for quotes; every value arrives already formatted.
     */
    public String get(String key, Object... args) {
        String text = bundle.getString(key);
        for (int i = 0; i < args.length; i++) text = text.replace("{" + i + "}", String.valueOf(args[i]));
        return text;
    }

    /** The words for {@code key} if the bundle has them, else those for {@code fallback}. */
    public String getOr(String key, String fallback, Object... args) {
        return bundle.containsKey(key) ? get(key, args) : get(fallback, args);
    }

    /**
     * The sentence a page shows for the stable error code {@code code} ({@code limit_exceeded}, as
     * docs/ERRORS.md lists it): the bundle's {@code error.LIMIT_EXCEEDED}, else its
     * {@code error.retryable} or {@code error.general}. The code itself is shown beside it, so a
     * buyer can quote it whatever the language.
     */
    public String errorSentence(String code, boolean retryable) {
        return getOr("error." + code.toUpperCase(Locale.ROOT), retryable ? "error.retryable" : "error.general");
    }

    /**
     * The page's name for the stable code {@code code} ({@code approval_expired}, {@code contested}):
     * the bundle's {@code prefix + code}, or the code itself when the bundle has no words for it.
     * Pages show the code beside its name, so an operator can quote it whatever the language.
     */
    public String label(String prefix, String code) {
        if (code == null || code.isEmpty()) return "";
        String words = find(prefix + code);
        return words == null ? code : words;
    }

    /** The words for {@code key} if the bundle has them, else null. */
    public String find(String key) {
        try {
            return bundle.getString(key);
        } catch (MissingResourceException e) {
            return null;
        }
    }
}
