package dev.contentpay.shop.web;

import io.javalin.http.Context;

import java.net.URI;

/** Writes the shop's HTML answers with the headers every page gets. */
final class HtmlPages {


    private HtmlPages() {
    }


    /**
     * A page loads nothing but the shop's own pictures and style sheet and runs no script, so an
     * injected tag, should one ever slip past the templates' escaping, can do nothing. Forms may
     * post to the shop and, where the page says so, to the next party of the purchase: browsers
     * check form-action on the redirect that follows a post too.
     */
    static String contentSecurityPolicy(URI alsoPostTo) {
        String formAction = alsoPostTo == null ? "'self'" : "'self' " + origin(alsoPostTo);
        return "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'none'; frame-ancestors 'none'; "
                + "base-uri 'none'; form-action " + formAction;
    }

    static void write(Context ctx, int status, String html, URI alsoPostTo) {
        ctx.status(status);
        ctx.header("Content-Security-Policy", contentSecurityPolicy(alsoPostTo));
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        ctx.contentType("text/html; charset=utf-8").result(html);
    }

    /** scheme://host[:port] of an address: what a CSP source and an Origin header name. */
    static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
