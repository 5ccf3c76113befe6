package dev.contentpay.shop.web;

import dev.contentpay.platform.id.Ids;
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
    public static final String CONTENT_SECURITY_POLICY = HtmlPages.contentSecurityPolicy(null);

    private final PageService pages;
    private final FormTokens forms;
    private final URI issuerUrl;
    private final URI publicUrl;
    private final byte[] styleSheet;

    /**
     * @param issuerUrl where Buy sends the browser; the item page's policy lets its form lead there
     * @param publicUrl the shop's configured public address, or null; decides Secure cookies ({@link Cookies})
     */
    public PageEndpoints(PageService pages, FormTokens forms, URI issuerUrl, URI publicUrl) {
        this.pages = pages;
        this.forms = forms;
        this.issuerUrl = issuerUrl;
        this.publicUrl = publicUrl;
        this.styleSheet = resource("web/shop.css");
    }

    public void register(RoutesConfig routes) {
        routes.get("/", this::catalogPage);
        routes.get("/items/{itemId}", this::itemPage);
        routes.get("/assets/shop.css", this::styleSheet);
    }

    void catalogPage(Context ctx) {
        HtmlPages.write(ctx, 200, pages.catalogPage(ctx.queryParam("genre")), null);
    }

    void itemPage(Context ctx) {
        String csrf = forms.tokenFor(ctx, Cookies.secure(ctx, publicUrl));
        // A fresh idempotency key per page view: a double click on Buy is one order, a new visit a new one.
        var html = pages.itemPage(ctx.pathParam("itemId"), ctx.queryParam("outcome"), csrf, Ids.randomToken(16));
        if (html.isPresent()) {
            HtmlPages.write(ctx, 200, html.get(), issuerUrl);
        } else {
            HtmlPages.write(ctx, 404, pages.errorPage("No such item", "The shop has no such item. It may have been taken out of the catalog.",
                    "/", "See every item"), null);
        }
    }

    void styleSheet(Context ctx) {
        // Same for everyone and changed only by a new release: an hour of caching is safe.
        ctx.header("Cache-Control", "public, max-age=3600");
        ctx.contentType("text/css; charset=utf-8").result(styleSheet);
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
