package dev.contentpay.auth.pages;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import dev.contentpay.platform.web.ContentSecurityPolicy;
import dev.contentpay.platform.web.PageHeaders;
import dev.contentpay.platform.web.PageLanguage;
import io.javalin.http.Context;

import java.net.URI;
import java.util.Map;

/**
 * Renders the pages with jte (compiled to Java at build time, see auth/pom.xml) and writes them
 * with the headers every page gets ({@link PageHeaders}).
 */
final class PageRenderer {

    /** Where the jte-maven-plugin puts the compiled templates. */
    static final String TEMPLATE_PACKAGE = "dev.contentpay.auth.pages.templates";

    /** The issuer's words, English and Japanese ({@link AuthPages#WORDS}). */
    static final PageLanguage.Words WORDS = AuthPages.WORDS;

    private final TemplateEngine templates = TemplateEngine.createPrecompiled(null, ContentType.Html,
            PageRenderer.class.getClassLoader(), TEMPLATE_PACKAGE);

    /**
     * The platform's page policy (no script, nothing from another site, no framing, so no
     * clickjacking of the Approve button); forms post to auth itself and, on the page that hands
     * the approval over, to the merchant's settlement server named in the sealed purchasing
     * information.
     */
    static ContentSecurityPolicy contentSecurityPolicy(URI alsoPostTo) {
        return ContentSecurityPolicy.PAGE.formActionAlso(alsoPostTo);
    }

    void write(Context ctx, int status, String template, Views.Page page) {
        write(ctx, status, template, page, null);
    }

    void write(Context ctx, int status, String template, Views.Page page, URI alsoPostTo) {
        var output = new StringOutput();
        templates.render(template, Map.of("page", page, "msg", page.header().msg()), output);
        PageHeaders.html(ctx, status, output.toString(), contentSecurityPolicy(alsoPostTo));
    }

    void redirect(Context ctx, String location) {
        ctx.status(303).header("Location", location);
    }

}
