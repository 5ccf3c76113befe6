package dev.contentpay.auth.reversal;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.http.Idempotency;
import dev.contentpay.platform.http.OperatorToken;
import dev.contentpay.platform.money.Money;
import dev.contentpay.platform.time.BillingZone;
import dev.contentpay.platform.web.ContentSecurityPolicy;
import dev.contentpay.platform.web.OperatorForms;
import dev.contentpay.platform.web.PageHeaders;
import dev.contentpay.protocol.ReversalView;
import dev.contentpay.protocol.admin.ReversalDecisionRequest;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * The issuer's reversals page on auth's admin face, {@code /admin/reversals} (HTTP Basic, user
 * {@value #USER}, the operator token as password): every reversal, and for a contested one the
 * forms to uphold or reject it. No script; its forms post to itself ({@link OperatorForms}).
 */
public final class ReversalPages {

    static final String USER = "operator";
    private static final String PAGE = "/admin/reversals";
    private static final ContentSecurityPolicy POLICY = ContentSecurityPolicy.PAGE;

    private final ReversalService reversals;
    private final OperatorToken token;
    private final OperatorForms forms;
    private final BillingZone zone;
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
    }

    private void page(Context ctx) {
        token.requireBasic(ctx, USER, "contentpay auth operator");
        String csrf = forms.token(ctx);
        var rows = reversals.list(null, null, ReversalService.MAX_LIST).stream().map(this::row).toList();
        var output = new StringOutput();
        templates.render("reversals.jte", new ReversalPage(ReversalPage.Words.ENGLISH, rows, csrf, ctx.queryParam("done"),
                OperatorForms.refusal(ctx)), output);
        PageHeaders.html(ctx, 200, output.toString(), POLICY);
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

    private ReversalPage.Row row(ReversalView r) {
        return new ReversalPage.Row(r.id(), r.merchantId(), r.subscriberId(), r.allowanceId(), r.reason(), r.status(), r.amount().plain(),
                r.refunded() == null ? "" : r.refunded().plain(), r.note() == null ? "" : r.note(), zone.displaySeconds(r.openedAt()),
                ReversalView.CONTESTED.equals(r.status()), OperatorForms.freshKey());
    }
}
