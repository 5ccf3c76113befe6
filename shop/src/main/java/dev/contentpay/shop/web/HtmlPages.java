package dev.contentpay.shop.web;

import dev.contentpay.platform.web.ContentSecurityPolicy;
import dev.contentpay.platform.web.PageHeaders;
import io.javalin.http.Context;

import java.net.URI;

/** Writes the shop's HTML answers with the headers every page gets ({@link PageHeaders}). */
final class HtmlPages {

    /**
     * The platform's strict page policy, its directives in the order the shop has always sent them:
     * a page loads nothing but the shop's own pictures and style sheet and runs no script. Forms
     * post to the shop and, where the page says so, to the next party of the purchase: browsers
     * check form-action on the redirect that follows a post too.
     */
    static final ContentSecurityPolicy POLICY = ContentSecurityPolicy.of("default-src 'self'", "img-src 'self'", "style-src 'self'",
            "script-src 'none'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'");

    private HtmlPages() {
    }

    static void write(Context ctx, int status, String html, URI alsoPostTo) {
        PageHeaders.html(ctx, status, html, POLICY.formActionAlso(alsoPostTo));
    }
}
