package dev.contentpay.settlement.checkout;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;

/** Renders the checkout pages with jte (compiled at build time, see settlement/pom.xml) and their headers. */
final class CheckoutPages {

    /** Where the jte-maven-plugin puts the compiled templates; ours are in its {@code checkout} folder. */
    static final String TEMPLATE_PACKAGE = "dev.contentpay.settlement.web.templates";
    /**
     * No script, nothing from another site, no forms at all, no framing: an injected tag, should one
     * ever slip past the templates' escaping, can do nothing.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self'; "
            + "form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private final TemplateEngine templates = TemplateEngine.createPrecompiled(null, ContentType.Html,
            CheckoutPages.class.getClassLoader(), TEMPLATE_PACKAGE);

    void write(Context ctx, int status, String template, Object page) {
        var output = new StringOutput();
        templates.render("checkout/" + template, page, output);
        String html = output.toString();
        ctx.status(status);
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        ctx.contentType("text/html; charset=utf-8").result(html);
    }

}
