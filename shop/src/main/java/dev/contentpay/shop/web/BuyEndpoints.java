package dev.contentpay.shop.web;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Idempotency;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.web.FormTokens;
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
    private final URI issuerUrl;

    public BuyEndpoints(OrderService orders, Idempotency idempotency, FormTokens forms, PageService pages, URI issuerUrl) {
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
            refuse(ctx, 403, "This Buy button has expired or did not come from this shop's page. Open the item again and press Buy.", itemId);
            return;
        }
        String key = ctx.formParam("key");
        if (key == null || key.isEmpty() || key.length() > 64 || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            refuse(ctx, 400, "The Buy form was incomplete. Open the item again and press Buy.", itemId);
            return;
        }
        SelectResponse selected;
        try {
            selected = idempotency.answer(SCOPE, key, idempotency.requestHash("POST", ctx.path(), itemId.getBytes(StandardCharsets.UTF_8)),
                    201, SelectResponse.class, () -> orders.select(new SelectRequest(itemId))).valueOrThrow();
        } catch (ContentpayException e) {
            refuse(ctx, e.code().status(), sentence(e.code()), itemId);
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

    private void refuse(Context ctx, int status, String sentence, String itemId) {
        String back = dev.contentpay.platform.id.Ids.isWellFormed(itemId) ? PageService.itemPath(itemId) : "/";
        HtmlPages.write(ctx, status, pages.errorPage("The purchase could not start", sentence, back, "Back to the item"), null);
    }

    private static String sentence(ErrorCode code) {
        return switch (code) {
            case UNKNOWN_ITEM, VALIDATION_FAILED -> "The shop has no such item.";
            case REQUEST_IN_PROGRESS -> "Your order is still being made; wait a moment and press Buy again.";
            default -> code.retryable() ? "The shop could not take the order just now; please try again in a moment."
                    : "The shop could not take the order.";
        };
    }
}
