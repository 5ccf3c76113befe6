package dev.contentpay.shop.web;

import io.javalin.Javalin;
import io.javalin.http.Context;

/** {@code GET /openapi.json}: the OpenAPI 3.1 description of the shop's HTTP interface. */
public final class ApiDocEndpoints {

    private final byte[] document = PageEndpoints.resource("openapi.json");

    public void register(Javalin app) {
        app.get("/openapi.json", this::document);
    }

    void document(Context ctx) {
        ctx.contentType("application/json").result(document);
    }
}
