package dev.contentpay.settlement.web;

import dev.contentpay.settlement.admin.OperatorAuth;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The operator's page at {@code /admin} (HTTP Basic, user {@code operator}, the token as password) and its style sheet. */
public final class OperatorPageEndpoints {

    /**
     * The page loads nothing but its own style sheet and runs no script; its chart is inline SVG
     * styled by that sheet, and it may not be framed, so an injected tag, should one ever slip past
     * the template's escaping, can do nothing.
     */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'none'; style-src 'self'; "
            + "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private final OperatorAuth operator;
    private final OperatorPageService pages;
    private final byte[] styleSheet;

    public OperatorPageEndpoints(OperatorAuth operator, OperatorPageService pages) {
        this.operator = operator;
        this.pages = pages;
        this.styleSheet = resource("/settlement/admin.css");
    }

    public void register(RoutesConfig routes) {
        routes.get("/admin", this::page);
        routes.get("/admin/admin.css", this::styleSheet);
    }

    private void page(Context ctx) {
        operator.requireBasic(ctx);
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.contentType("text/html; charset=utf-8").result(pages.render());
    }

    /** Public: it holds no data, and a browser fetches it without the page's credentials on some paths. */
    private void styleSheet(Context ctx) {
        ctx.header("Cache-Control", "public, max-age=3600");
        ctx.contentType("text/css; charset=utf-8").result(styleSheet);
    }

    private static byte[] resource(String name) {
        try (InputStream in = OperatorPageEndpoints.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("the resource " + name + " is missing from the build");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
