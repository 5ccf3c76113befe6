package dev.contentpay.settlement.purchase;

import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.http.Idempotency;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.http.WebServer;
import dev.contentpay.protocol.PurchaseRequest;
import dev.contentpay.protocol.Receipt;
import dev.contentpay.settlement.purchase.PurchaseService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code POST /v1/purchases}: the terminal presents an approval ([0065]) and gets a receipt. */
public final class PurchaseEndpoints {

    static final String SCOPE = "purchase";

    private final PurchaseService service;
    private final Idempotency idempotency;

    public PurchaseEndpoints(PurchaseService service, Idempotency idempotency) {
        this.service = service;
        this.idempotency = idempotency;
    }

    public void register(RoutesConfig routes) {
        routes.post("/v1/purchases", this::purchase);
    }

    /**
     * The same key and body answer the first receipt (or refusal) again, without judging twice.
     */
    private void purchase(Context ctx) {
        String key = Idempotency.key(ctx);
        byte[] body = WebServer.body(ctx);
        PurchaseRequest request = Json.read(body, PurchaseRequest.class);
        idempotency.answer(SCOPE, key, ClientAssertions.sha256Hex(body), 201, Receipt.class,
                () -> service.purchase(request, key)).writeTo(ctx);
    }
}
