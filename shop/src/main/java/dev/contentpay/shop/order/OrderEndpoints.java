package dev.contentpay.shop.order;

import dev.contentpay.platform.http.Idempotency;
import dev.contentpay.platform.http.WebServer;
import dev.contentpay.protocol.SelectRequest;
import dev.contentpay.protocol.SelectResponse;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code POST /v1/orders}: a selection in, purchasing information out, once per idempotency key. */
public final class OrderEndpoints {

    /** Idempotency keys of orders live in their own scope, apart from any other POST. */
    static final String SCOPE = "order";

    private final OrderService orders;
    private final Idempotency idempotency;

    public OrderEndpoints(OrderService orders, Idempotency idempotency) {
        this.orders = orders;
        this.idempotency = idempotency;
    }

    public void register(RoutesConfig routes) {
        routes.post("/v1/orders", this::select);
    }

    void select(Context ctx) {
        // Parsed before the key is claimed: a malformed body is refused without using up the key.
        SelectRequest request = WebServer.read(ctx, SelectRequest.class);
        idempotency.respond(ctx, SCOPE, WebServer.body(ctx), 201, SelectResponse.class, () -> orders.select(request));
    }
}
