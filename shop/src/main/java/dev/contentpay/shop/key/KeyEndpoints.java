package dev.contentpay.shop.key;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code GET /v1/keys}: the shop's public JWK set, with which anyone can check a seal. */
public final class KeyEndpoints {

    private final ShopKeys keys;

    public KeyEndpoints(ShopKeys keys) {
        this.keys = keys;
    }

    public void register(RoutesConfig routes) {
        routes.get("/v1/keys", this::keys);
    }

    void keys(Context ctx) {
        // JWKSet.toString() writes public keys only: every key not yet retired.
        ctx.contentType("application/json").result(keys.publicKeys().toString(true));
    }
}
