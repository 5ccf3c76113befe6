package dev.contentpay.settlement.checkout;

import dev.contentpay.platform.web.ContentSecurityPolicy;
import dev.contentpay.platform.web.PageHeaders;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;

/** Renders the checkout pages with jte (compiled at build time, see settlement/pom.xml) and their headers ({@link PageHeaders}). */
final class CheckoutPages {

    /** Where the jte-maven-plugin puts the compiled templates; ours are in its {@code checkout} folder. */
    static final String TEMPLATE_PACKAGE = "dev.contentpay.settlement.templates";
    /** The platform's page policy, and no forms at all: the receipt page has none. */
    static final ContentSecurityPolicy CONTENT_SECURITY_POLICY = ContentSecurityPolicy.PAGE.with("form-action 'none'");

    private final TemplateEngine templates = TemplateEngine.createPrecompiled(null, ContentType.Html,
            CheckoutPages.class.getClassLoader(), TEMPLATE_PACKAGE);

    void write(Context ctx, int status, String template, Object page) {
        var output = new StringOutput();
        templates.render("checkout/" + template, page, output);
        PageHeaders.html(ctx, status, output.toString(), CONTENT_SECURITY_POLICY);
    }
}
