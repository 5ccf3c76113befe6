package dev.contentpay.auth.reversal;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.http.Idempotency;
import dev.contentpay.platform.http.OperatorToken;
import dev.contentpay.platform.money.Money;
import dev.contentpay.platform.time.BillingZone;
import dev.contentpay.auth.pages.AuthPages;
import dev.contentpay.platform.web.ContentSecurityPolicy;
import dev.contentpay.platform.web.Cookies;
import dev.contentpay.platform.web.OperatorForms;
import dev.contentpay.platform.web.PageHeaders;
import dev.contentpay.platform.web.PageLanguage;
import dev.contentpay.protocol.ReversalView;
import dev.contentpay.protocol.admin.ReversalDecisionRequest;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.Map;
import java.util.Set;

/**
 * The issuer's reversals page on auth's admin face, {@code /admin/reversals} (HTTP Basic, user
 * {@value #USER}, the operator token as password): every reversal, and for a contested one the
 * forms to uphold or reject it. No script; its forms post to itself ({@link OperatorForms}). In
 * English or Japanese as the issuer's other pages ({@link PageLanguage}, the words of
 * {@link AuthPages#WORDS}), with their style sheet, served on the admin face too.
 */
public final class ReversalPages {

    static final String USER = "operator";
    private static final String PAGE = "/admin/reversals";
    private static final ContentSecurityPolicy POLICY = ContentSecurityPolicy.PAGE;

    private final ReversalService reversals;
    private final OperatorToken token;
    private final OperatorForms forms;
    private final BillingZone zone;
    /** The admin face has no public address of its own: the request alone decides the Secure rule. */
    private final Cookies cookies = Cookies.forSite(null);
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(null, ContentType.Html, ReversalPages.class.getClassLoader(),
            "dev.contentpay.auth.pages.templates");

    public ReversalPages(ReversalService reversals, OperatorToken token, Idempotency idempotency, BillingZone zone) {
        this.reversals = reversals;
        this.token = token;
        this.forms = new OperatorForms("auth-operator", idempotency);
        this.zone = zone;
    }

    public void register(RoutesConfig routes) {
        routes.get(PAGE, this::page);
        routes.post(PAGE + "/{id}/decision", this::decide);
        AuthPages.registerStyleSheet(routes);
    }

    private void page(Context ctx) {
        token.requireBasic(ctx, USER, "contentpay auth operator");
        var msg = PageLanguage.of(ctx, cookies, AuthPages.WORDS, PAGE, Set.of());
        PageHeaders.html(ctx, 200, render(msg, forms.token(ctx), ctx.queryParam("done"), OperatorForms.refusal(ctx)), POLICY);
    }

    /** The page in {@code msg}'s language, its forms carrying {@code csrf}, with what became of the last post. */
    String render(PageLanguage msg, String csrf, String done, String refused) {
        var rows = reversals.list(null, null, ReversalService.MAX_LIST).stream().map(r -> row(r, msg)).toList();
        var output = new StringOutput();
        templates.render("reversals.jte", Map.of("page", new ReversalPage(rows, csrf, done, refused), "msg", msg), output);
        return output.toString();
    }

    private void decide(Context ctx) {
        token.requireBasic(ctx, USER, "contentpay auth operator");
        String id = ctx.pathParam("id");
        String outcome = ctx.formParam("outcome");
        String amount = ctx.formParam("amount");
        String note = ctx.formParam("note");
        forms.submit(ctx, PAGE, outcome + " " + id + "\n" + amount + "\n" + note, "decided", () -> {
            Money given = amount == null || amount.isBlank() ? null : Money.of(minorUnits(amount), reversals.find(id).amount().currency());
            return reversals.decide("admin", id, new ReversalDecisionRequest(outcome, given, note));
        });
    }

    private static long minorUnits(String typed) {
        try {
            return Long.parseLong(typed.strip());
        } catch (NumberFormatException e) {
            throw ContentpayException.invalid("amount", "must be a whole number of minor units");
        }
    }

    private ReversalPage.Row row(ReversalView r, PageLanguage msg) {
        return new ReversalPage.Row(r.id(), r.merchantId(), r.subscriberId(), r.allowanceId(), r.reason(), msg.label("reversal.reason.", r.reason()),
                r.status(), msg.label("reversal.status.", r.status()), r.amount().plain(),
                r.refunded() == null ? "" : r.refunded().plain(), r.note() == null ? "" : r.note(), zone.displaySeconds(r.openedAt()),
                ReversalView.CONTESTED.equals(r.status()), OperatorForms.freshKey());
    }
}
