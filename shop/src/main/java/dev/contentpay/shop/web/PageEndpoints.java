package dev.contentpay.shop.web;

import dev.contentpay.platform.id.Ids;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.web.Cookies;
import dev.contentpay.platform.web.FormTokens;
import dev.contentpay.platform.web.PageLanguage;
import dev.contentpay.platform.web.PageHeaders;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;

/**
 * The pages for browsers: the catalog at {@code /}, an item's page with its Buy button at
 * {@code /items/{itemId}}, and the style sheet at {@code /assets/shop.css}. The Buy button itself
 * is {@link BuyEndpoints}.
 */
public final class PageEndpoints {

    /** The catalog's policy: it has no form, so its forms may post nowhere but here. */
    public static final String CONTENT_SECURITY_POLICY = HtmlPages.POLICY.header();

    private final PageService pages;
    private final FormTokens forms;
    private final Cookies cookies;
    private final URI issuerUrl;
    private final byte[] styleSheet;

    /** @param issuerUrl where Buy sends the browser; the item page's policy lets its form lead there */
    public PageEndpoints(PageService pages, FormTokens forms, Cookies cookies, URI issuerUrl) {
        this.pages = pages;
        this.forms = forms;
        this.cookies = cookies;
        this.issuerUrl = issuerUrl;
        this.styleSheet = resource("web/shop.css");
    }

    public void register(RoutesConfig routes) {
        routes.get("/", this::catalogPage);
        routes.get("/items/{itemId}", this::itemPage);
        routes.get("/assets/shop.css", this::styleSheet);
    }

    void catalogPage(Context ctx) {
        HtmlPages.write(ctx, 200, pages.catalogPage(ctx.queryParam("genre"), language(ctx, cookies)), null);
    }

    void itemPage(Context ctx) {
        String csrf = forms.tokenFor(ctx, null);
        // A fresh idempotency key per page view: a double click on Buy is one order, a new visit a new one.
        PageLanguage msg = language(ctx, cookies);
        var html = pages.itemPage(ctx.pathParam("itemId"), ctx.queryParam("outcome"), csrf, Ids.randomToken(16), msg);
        if (html.isPresent()) {
            HtmlPages.write(ctx, 200, html.get(), issuerUrl);
        } else {
            HtmlPages.write(ctx, 404, pages.errorPage(msg, msg.get("error.no-item.heading"), msg.get("error.no-item"),
                    ErrorCode.UNKNOWN_ITEM.code(), "/", msg.get("error.every-item")), null);
        }
    }

    /** What the language switch keeps of a page's address: the genre (an outcome is said once, not carried). */
    private static final java.util.Set<String> CARRIED = java.util.Set.of("genre");

    /** The language of the page answering {@code ctx}; a page answering a post switches on the catalog. */
    static PageLanguage language(Context ctx, Cookies cookies) {
        return PageLanguage.of(ctx, cookies, PageService.WORDS, "/", CARRIED);
    }

    void styleSheet(Context ctx) {
        PageHeaders.styleSheet(ctx, styleSheet);
    }

    static byte[] resource(String name) {
        try (InputStream in = PageEndpoints.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("the resource " + name + " is missing from the shop's jar");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the resource " + name, e);
        }
    }
}
