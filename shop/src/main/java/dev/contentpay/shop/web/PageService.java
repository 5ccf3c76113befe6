package dev.contentpay.shop.web;

import dev.contentpay.platform.money.ConsumptionTax;
import java.util.Locale;
import dev.contentpay.shop.catalog.CatalogService;
import dev.contentpay.shop.catalog.ShopItem;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
        CANCELLED("You cancelled the purchase. Nothing was charged."),
        REFUSED("Your issuer did not approve the purchase. Nothing was charged.");

        final String sentence;

        Outcome(String sentence) {
            this.sentence = sentence;
        }

        static Optional<Outcome> of(String word) {
            if ("cancelled".equals(word)) return Optional.of(CANCELLED);
            if ("refused".equals(word)) return Optional.of(REFUSED);
            return Optional.empty();
        }
    }

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
    public String catalogPage(String genre) {
        String selected = genre == null || genre.isBlank() ? null : genre.strip();
        return render("catalog.jte", page(selected));
    }

    /** The item's page with its Buy form, or empty when the shop has no such item. */
    public Optional<String> itemPage(String itemId, String outcome, String csrf, String orderKey) {
        return catalog.find(itemId).map(item -> render("item.jte", new ItemPage(catalog.merchantName(), item.id(), item.title(),
                item.genre(), item.kind(), ConsumptionTax.displayInclusive(item.price(), item.taxRate(), Locale.ENGLISH), item.description(), pictureUrl(item),
                pictureAlt(item), buyPath(item.id()), csrf, orderKey, Outcome.of(outcome).map(o -> o.sentence).orElse(null),
                buyCommand(item))));
    }

    public String errorPage(String heading, String sentence, String backHref, String backLabel) {
        return render("error.jte", new ErrorPage(catalog.merchantName(), heading, sentence, backHref, backLabel));
    }

    static String itemPath(String itemId) {
        return "/items/" + URLEncoder.encode(itemId, StandardCharsets.UTF_8);
    }

    static String buyPath(String itemId) {
        return itemPath(itemId) + "/buy";
    }

    private String render(String template, Object page) {
        var output = new StringOutput();
        templates.render(template, page, output);
        return output.toString();
    }

    private CatalogPage page(String selected) {
        String shopUrl = catalog.publicUrl().toString();
        List<CatalogPage.GenreLink> genres = catalog.genres().stream()
                .map(g -> new CatalogPage.GenreLink(g, "/?genre=" + URLEncoder.encode(g, StandardCharsets.UTF_8), g.equalsIgnoreCase(selected)))
                .toList();
        List<CatalogPage.Entry> entries = catalog.items(selected).stream().map(this::entry).toList();
        return new CatalogPage(catalog.merchantName(), shopUrl, selected, genres, entries);
    }

    private CatalogPage.Entry entry(ShopItem item) {
        return new CatalogPage.Entry(item.id(), item.title(), item.genre(), item.kind(), ConsumptionTax.displayInclusive(item.price(), item.taxRate(), Locale.ENGLISH),
                item.description(), pictureUrl(item), pictureAlt(item), buyCommand(item), itemPath(item.id()));
    }

    private static String pictureUrl(ShopItem item) {
        return "/pictures/" + item.id();
    }

    private static String pictureAlt(ShopItem item) {
        return "Picture of " + item.title();
    }

    private String buyCommand(ShopItem item) {
        return "contentpay buy --shop " + catalog.publicUrl() + " " + item.id();
    }
}
