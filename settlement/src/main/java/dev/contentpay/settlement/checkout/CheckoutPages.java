package dev.contentpay.settlement.checkout;

import dev.contentpay.platform.web.ContentSecurityPolicy;
import dev.contentpay.platform.web.PageHeaders;
import dev.contentpay.platform.web.PageLanguage;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;

/** Renders the checkout pages with jte (compiled at build time, see settlement/pom.xml) and their headers ({@link PageHeaders}). */
public final class CheckoutPages {

    /** Where the jte-maven-plugin puts the compiled templates; ours are in its {@code checkout} folder. */
    static final String TEMPLATE_PACKAGE = "dev.contentpay.settlement.templates";
    /** The platform's page policy, and no forms at all: the receipt page has none. */
    static final ContentSecurityPolicy CONTENT_SECURITY_POLICY = ContentSecurityPolicy.PAGE.with("form-action 'none'");

    /** The merchant's words, English and Japanese (src/main/resources/dev/contentpay/settlement/checkout). */
    public static final PageLanguage.Words WORDS = new PageLanguage.Words("dev.contentpay.settlement.checkout.messages", CheckoutPages.class);

    private final TemplateEngine templates = TemplateEngine.createPrecompiled(null, ContentType.Html,
            CheckoutPages.class.getClassLoader(), TEMPLATE_PACKAGE);

    void write(Context ctx, int status, String template, Object page, PageLanguage msg) {
        var output = new StringOutput();
        templates.render("checkout/" + template, java.util.Map.of("page", page, "msg", msg), output);
        PageHeaders.html(ctx, status, output.toString(), CONTENT_SECURITY_POLICY);
    }
}
