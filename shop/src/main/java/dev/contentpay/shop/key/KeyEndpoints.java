package dev.contentpay.shop.key;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code GET /v1/keys}: the shop's public JWK set, with which anyone can check a seal. */
public final class KeyEndpoints {

    private final String publicJwks;

    public KeyEndpoints(ShopKeys keys) {
        // JWKSet.toString() writes public keys only; computed once because the keys never change
        // while the shop runs.
        this.publicJwks = keys.publicKeys().toString(true);
    }

    public void register(RoutesConfig routes) {
        routes.get("/v1/keys", this::keys);
    }

    void keys(Context ctx) {
        ctx.contentType("application/json").result(publicJwks);
    }
}
