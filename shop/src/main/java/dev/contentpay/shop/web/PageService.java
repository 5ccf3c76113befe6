package dev.contentpay.shop.web;

import dev.contentpay.platform.money.ConsumptionTax;
import dev.contentpay.platform.web.PageLanguage;
import dev.contentpay.shop.catalog.CatalogService;
import dev.contentpay.shop.catalog.ShopItem;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders the shop's pages for browsers with jte. The templates were compiled to Java classes at
 * build time, so rendering is a plain method call and a template mistake fails the build.
 */
public final class PageService {

    /** Where the jte-maven-plugin puts the compiled templates (see shop/pom.xml). */
    static final String TEMPLATE_PACKAGE = "dev.contentpay.shop.web.templates";

    /**
     * How a checkout that came back to the item page ended. Only these fixed words are understood:
     * the page never repeats text from its address, and the shop is never told why an issuer
     * refused (that is between the buyer and their issuer).
     */
    enum Outcome {
        CANCELLED, REFUSED;

        /** The bundle's key of the outcome's sentence; its heading is the key + {@code .heading}. */
        String key() {
            return "outcome." + name().toLowerCase(java.util.Locale.ROOT);
        }

        static Optional<Outcome> of(String word) {
            if ("cancelled".equals(word)) return Optional.of(CANCELLED);
            if ("refused".equals(word)) return Optional.of(REFUSED);
            return Optional.empty();
        }
    }

    /** The shop's words, English and Japanese (src/main/resources/dev/contentpay/shop/web). */
    public static final PageLanguage.Words WORDS = new PageLanguage.Words("dev.contentpay.shop.web.messages", PageService.class);

    private final CatalogService catalog;
    private final TemplateEngine templates;

    public PageService(CatalogService catalog) {
        this.catalog = catalog;
        this.templates = TemplateEngine.createPrecompiled(null, ContentType.Html, PageService.class.getClassLoader(), TEMPLATE_PACKAGE);
    }

    public String shopName() {
        return catalog.merchantName();
    }

    /** The catalog page, limited to {@code genre} when one is given. */
    public String catalogPage(String genre, PageLanguage msg) {
        String selected = genre == null || genre.isBlank() ? null : genre.strip();
        return render("catalog.jte", page(selected, msg), msg);
    }

    /** The item's page with its Buy form, or empty when the shop has no such item. */
    public Optional<String> itemPage(String itemId, String outcome, String csrf, String orderKey, PageLanguage msg) {
        Optional<Outcome> ended = Outcome.of(outcome);
        return catalog.find(itemId).map(item -> render("item.jte", new ItemPage(catalog.merchantName(), item.id(), item.title(),
                item.genre(), item.kind(), ConsumptionTax.displayInclusive(item.price(), item.taxRate(), msg.locale()), item.description(),
                pictureUrl(item), msg.get("item.picture", item.title()), buyPath(item.id()), csrf, orderKey,
                ended.filter(o -> o == Outcome.CANCELLED).map(o -> msg.get(o.key())).orElse(null),
                ended.filter(o -> o == Outcome.REFUSED).map(o -> msg.get(o.key())).orElse(null)), msg));
    }

    /** A page that says what went wrong: the sentence, and the stable error code it is about, or null when none fits. */
    public String errorPage(PageLanguage msg, String heading, String sentence, String code, String backHref, String backLabel) {
        return render("error.jte", new ErrorPage(catalog.merchantName(), heading, sentence, code, backHref, backLabel), msg);
    }

    static String itemPath(String itemId) {
        return "/items/" + URLEncoder.encode(itemId, StandardCharsets.UTF_8);
    }

    static String buyPath(String itemId) {
        return itemPath(itemId) + "/buy";
    }

    private String render(String template, Object page, PageLanguage msg) {
        var output = new StringOutput();
        templates.render(template, Map.of("page", page, "msg", msg), output);
        return output.toString();
    }

    private CatalogPage page(String selected, PageLanguage msg) {
        String shopUrl = catalog.publicUrl().toString();
        List<CatalogPage.GenreLink> genres = catalog.genres().stream()
                .map(g -> new CatalogPage.GenreLink(g, "/?genre=" + URLEncoder.encode(g, StandardCharsets.UTF_8), g.equalsIgnoreCase(selected)))
                .toList();
        List<CatalogPage.Entry> entries = catalog.items(selected).stream().map(item -> entry(item, msg)).toList();
        return new CatalogPage(catalog.merchantName(), shopUrl, selected, genres, entries);
    }

    private CatalogPage.Entry entry(ShopItem item, PageLanguage msg) {
        return new CatalogPage.Entry(item.id(), item.title(), item.genre(), item.kind(),
                ConsumptionTax.displayInclusive(item.price(), item.taxRate(), msg.locale()), item.description(), pictureUrl(item),
                msg.get("item.picture", item.title()), buyCommand(item), itemPath(item.id()));
    }

    private static String pictureUrl(ShopItem item) {
        return "/pictures/" + item.id();
    }

    private String buyCommand(ShopItem item) {
        return "contentpay buy --shop " + catalog.publicUrl() + " " + item.id();
    }
}
