package dev.contentpay.shop.web;

import dev.contentpay.shop.catalog.CatalogService;
import dev.contentpay.shop.catalog.ShopItem;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Renders the shop's pages for browsers with jte. The templates were compiled to Java classes at
 * build time, so rendering is a plain method call and a template mistake fails the build.
 */
public final class PageService {

    /** Where the jte-maven-plugin puts the compiled templates (see shop/pom.xml). */
    static final String TEMPLATE_PACKAGE = "dev.contentpay.shop.web.templates";

    private final CatalogService catalog;
    private final TemplateEngine templates;

    public PageService(CatalogService catalog) {
        this.catalog = catalog;
        this.templates = TemplateEngine.createPrecompiled(null, ContentType.Html, PageService.class.getClassLoader(), TEMPLATE_PACKAGE);
    }

    /** The catalog page, limited to {@code genre} when one is given. */
    public String catalogPage(String genre) {
        String selected = genre == null || genre.isBlank() ? null : genre.strip();
        var output = new StringOutput();
        templates.render("catalog.jte", page(selected), output);
        return output.toString();
    }

    private CatalogPage page(String selected) {
        String shopUrl = catalog.publicUrl().toString();
        List<CatalogPage.GenreLink> genres = catalog.genres().stream()
                .map(g -> new CatalogPage.GenreLink(g, "/?genre=" + URLEncoder.encode(g, StandardCharsets.UTF_8), g.equalsIgnoreCase(selected)))
                .toList();
        List<CatalogPage.Entry> entries = catalog.items(selected).stream().map(item -> entry(item, shopUrl)).toList();
        return new CatalogPage(catalog.merchantName(), shopUrl, selected, genres, entries);
    }

    private static CatalogPage.Entry entry(ShopItem item, String shopUrl) {
        return new CatalogPage.Entry(item.id(), item.title(), item.genre(), item.kind(), PriceFormat.format(item.price()),
                item.description(), "/pictures/" + item.id(), "Picture of " + item.title(),
                "contentpay buy --shop " + shopUrl + " " + item.id());
    }
}
