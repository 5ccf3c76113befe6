package dev.contentpay.auth.pages;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;

import java.net.URI;

/**
 * Renders the pages with jte (compiled to Java at build time, see auth/pom.xml) and writes them
 * with the headers every page gets.
 */
final class PageRenderer {

    /** Where the jte-maven-plugin puts the compiled templates. */
    static final String TEMPLATE_PACKAGE = "dev.contentpay.auth.pages.templates";

    private final TemplateEngine templates = TemplateEngine.createPrecompiled(null, ContentType.Html,
            PageRenderer.class.getClassLoader(), TEMPLATE_PACKAGE);

    /**
     * No script at all and nothing from another site; forms post to auth itself and, on the page
     * that hands the approval over, to the merchant's settlement server named in the sealed
     * purchasing information. The page may not be framed (no clickjacking of the Approve button).
     */
    static String contentSecurityPolicy(URI alsoPostTo) {
        String formAction = alsoPostTo == null ? "'self'" : "'self' " + origin(alsoPostTo);
        return "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self'; form-action " + formAction
                + "; frame-ancestors 'none'; base-uri 'none'";
    }

    static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    void write(Context ctx, int status, String template, Object page) {
        write(ctx, status, template, page, null);
    }

    void write(Context ctx, int status, String template, Object page, URI alsoPostTo) {
        var output = new StringOutput();
        templates.render(template, page, output);
        String html = output.toString();
        ctx.status(status);
        ctx.header("Content-Security-Policy", contentSecurityPolicy(alsoPostTo));
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        ctx.contentType("text/html; charset=utf-8").result(html);
    }

    void redirect(Context ctx, String location) {
        ctx.status(303).header("Location", location);
    }

}
