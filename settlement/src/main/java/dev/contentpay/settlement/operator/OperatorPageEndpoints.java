package dev.contentpay.settlement.operator;

import dev.contentpay.platform.web.ContentSecurityPolicy;
import dev.contentpay.platform.web.Cookies;
import dev.contentpay.platform.web.PageHeaders;
import dev.contentpay.platform.http.Idempotency;
import dev.contentpay.platform.web.OperatorForms;
import dev.contentpay.platform.web.PageLanguage;
import dev.contentpay.settlement.checkout.CheckoutPages;
import dev.contentpay.settlement.reversal.ReversalService;
import dev.contentpay.settlement.operator.OperatorAuth;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;

/** The operator's page at {@code /admin} (HTTP Basic, user {@code operator}, the token as password) and its style sheet. */
public final class OperatorPageEndpoints {

    /**
     * The platform's page policy ({@link ContentSecurityPolicy#PAGE}: no script, no framing): the
     * page loads nothing but its own style sheet, its chart is inline SVG styled by that sheet, and
     * its only forms (the answers to reversals) post to itself.
     */
    public static final ContentSecurityPolicy CONTENT_SECURITY_POLICY = ContentSecurityPolicy.PAGE.with("img-src 'self' data:")
            .with("form-action 'self'");

    private final OperatorAuth operator;
    private final OperatorPageService pages;
    private final byte[] styleSheet;

    private final Cookies cookies;
    private final ReversalService reversals;
    private final OperatorForms forms;

    /** @param cookies the server's cookies, for the page's remembered language */
    public OperatorPageEndpoints(OperatorAuth operator, OperatorPageService pages, Cookies cookies, ReversalService reversals, Idempotency idempotency) {
        this.cookies = cookies;
        this.reversals = reversals;
        this.forms = new OperatorForms("settlement-operator", idempotency);
        this.operator = operator;
        this.pages = pages;
        this.styleSheet = resource("/settlement/admin.css");
    }

    public void register(RoutesConfig routes) {
        routes.get("/admin", this::page);
        routes.get("/admin/admin.css", this::styleSheet);
        // The answers to the issuer's reversals, as forms of the page (docs/SETTLEMENT.md, "Reversals").
        routes.post("/admin/reversals/{id}/accept", ctx -> {
            operator.requireBasic(ctx);
            String id = ctx.pathParam("id");
            forms.submit(ctx, "/admin", "accept " + id, "accepted", () -> reversals.accept(id));
        });
        routes.post("/admin/reversals/{id}/contest", ctx -> {
            operator.requireBasic(ctx);
            String id = ctx.pathParam("id");
            String note = ctx.formParam("note");
            forms.submit(ctx, "/admin", "contest " + id + "\n" + note, "contested", () -> reversals.contest(id, note));
        });
    }

    private void page(Context ctx) {
        operator.requireBasic(ctx);
        // The merchant's one bundle of words serves the operator's page as well as the buyer's.
        var msg = PageLanguage.of(ctx, cookies, CheckoutPages.WORDS, "/admin", Set.of());
        String done = ctx.queryParam("done");
        PageHeaders.html(ctx, 200, pages.render(msg, forms.token(ctx), done, OperatorForms.refusal(ctx)), CONTENT_SECURITY_POLICY);
    }

    /** Public: it holds no data, and a browser fetches it without the page's credentials on some paths. */
    private void styleSheet(Context ctx) {
        PageHeaders.styleSheet(ctx, styleSheet);
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
