package dev.contentpay.platform.web;

import io.javalin.http.Context;

/**
 * The headers of every HTML page and style sheet, written in one place so no page can forget one:
 * its {@link ContentSecurityPolicy}, {@code X-Frame-Options: DENY} for browsers that predate
 * {@code frame-ancestors}, {@code Referrer-Policy: no-referrer} (a page's address may hold a
 * sealed purchase, which no other site needs to see), {@code X-Content-Type-Options: nosniff} and
 * {@code Cache-Control: no-store} (pages show budgets and receipts; only style sheets may be
 * cached). The platform's filter sets the last two on every answer already; pages say them again
 * so they hold wherever a page is served.
 */
public final class PageHeaders {

    /** A style sheet is the same for everyone and changes only with a release: an hour of caching is safe. */
    static final String STYLE_SHEET_CACHE = "public, max-age=3600";

    private PageHeaders() {
    }

    /** Puts the page headers on the answer to {@code ctx}. */
    public static void apply(Context ctx, ContentSecurityPolicy policy) {
        ctx.header("Content-Security-Policy", policy.header());
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Cache-Control", "no-store");
    }

    /** Answers with the HTML page {@code html} under {@code policy}. */
    public static void html(Context ctx, int status, String html, ContentSecurityPolicy policy) {
        ctx.status(status);
        apply(ctx, policy);
        ctx.contentType("text/html; charset=utf-8").result(html);
    }

    /** Answers with a style sheet, which alone of a page's parts may be cached. */
    public static void styleSheet(Context ctx, byte[] css) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Cache-Control", STYLE_SHEET_CACHE);
        ctx.contentType("text/css; charset=utf-8").result(css);
    }
}
