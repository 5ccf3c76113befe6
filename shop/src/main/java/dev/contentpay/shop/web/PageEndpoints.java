package dev.contentpay.shop.web;

import io.javalin.Javalin;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The pages for browsers: the catalog at {@code /} and its style sheet at {@code /assets/shop.css}. */
public final class PageEndpoints {

    /**
     * The page loads nothing but its own pictures and style sheet and runs no script at all, so an
     * injected tag, should one ever slip past the template's escaping, can do nothing.
     */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self'; style-src 'self'; "
            + "script-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private final PageService pages;
    private final byte[] styleSheet;

    public PageEndpoints(PageService pages) {
        this.pages = pages;
        this.styleSheet = resource("web/shop.css");
    }

    public void register(Javalin app) {
        app.get("/", this::catalogPage);
        app.get("/assets/shop.css", this::styleSheet);
    }

    void catalogPage(Context ctx) {
        String html = pages.catalogPage(ctx.queryParam("genre"));
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.contentType("text/html; charset=utf-8").result(html);
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
