package dev.contentpay.shop.web;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Idempotency;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.web.Cookies;
import dev.contentpay.platform.web.FormTokens;
import dev.contentpay.platform.web.PageLanguage;
import dev.contentpay.protocol.SelectRequest;
import dev.contentpay.protocol.SelectResponse;
import dev.contentpay.shop.order.OrderService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The Buy button, {@code POST /items/{itemId}/buy}: the browser's commodity selection (claim 2).
 * It records the order and its sealed purchasing information exactly as {@code POST /v1/orders}
 * does, then sends the browser (303) to the issuer's approval page with the sealed information.
 * The shop never sees the buyer's credentials: they are typed on the issuer's page only.
 */
public final class BuyEndpoints {

    /** Idempotency keys of the Buy form live apart from those of the JSON API's orders. */
    static final String SCOPE = "web-order";

    private final OrderService orders;
    private final Idempotency idempotency;
    private final FormTokens forms;
    private final PageService pages;
    private final Cookies cookies;
    private final URI issuerUrl;

    public BuyEndpoints(OrderService orders, Idempotency idempotency, FormTokens forms, PageService pages, Cookies cookies, URI issuerUrl) {
        this.cookies = cookies;
        this.orders = orders;
        this.idempotency = idempotency;
        this.forms = forms;
        this.pages = pages;
        this.issuerUrl = issuerUrl;
    }

    public void register(RoutesConfig routes) {
        routes.post("/items/{itemId}/buy", this::buy);
    }

    void buy(Context ctx) {
        String itemId = ctx.pathParam("itemId");
        if (!forms.accepts(ctx, null)) {
            refuse(ctx, 403, "error.form-expired", null, itemId);
            return;
        }
        String key = ctx.formParam("key");
        if (key == null || key.isEmpty() || key.length() > 64 || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            refuse(ctx, 400, "error.form-incomplete", null, itemId);
            return;
        }
        SelectResponse selected;
        try {
            selected = idempotency.answer(SCOPE, key, idempotency.requestHash("POST", ctx.path(), itemId.getBytes(StandardCharsets.UTF_8)),
                    201, SelectResponse.class, () -> orders.select(new SelectRequest(itemId))).valueOrThrow();
        } catch (ContentpayException e) {
            refuse(ctx, e.code().status(), null, e.code(), itemId);
            return;
        }
        ctx.status(303).header("Location", approvalPage(selected.sealed()));
    }

    /**
     * The issuer's approval page for this purchasing information. The sealed information is not a
     * secret (it pays for nothing without the buyer's credentials, and any program can ask the
     * shop for one); where the buyer goes after approving is taken from inside the seal, never
     * from this address, so nothing here can send the buyer elsewhere.
     */
    private String approvalPage(String sealed) {
        return issuerUrl + "/approve?purchase=" + URLEncoder.encode(sealed, StandardCharsets.UTF_8);
    }

    /** The refusal page: the sentence of {@code sentenceKey}, or of the error {@code code} with the code shown. */
    private void refuse(Context ctx, int status, String sentenceKey, ErrorCode code, String itemId) {
        PageLanguage msg = PageEndpoints.language(ctx, cookies);
        String back = dev.contentpay.platform.id.Ids.isWellFormed(itemId) ? PageService.itemPath(itemId) : "/";
        String sentence = code == null ? msg.get(sentenceKey) : msg.errorSentence(code.code(), code.retryable());
        HtmlPages.write(ctx, status, pages.errorPage(msg, msg.get("error.not-started"), sentence, code == null ? null : code.code(), back,
                msg.get("error.back-to-item")), null);
    }
}
