package dev.contentpay.settlement;

import dev.contentpay.platform.crypto.KeyRing;
import dev.contentpay.platform.http.ApiDocument;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** What others need to talk to us: our public keys ({@code /v1/keys}, every key not yet retired) and the API ({@code /openapi.json}). */
public final class DiscoveryEndpoints {

    private final KeyRing keys;

    public DiscoveryEndpoints(KeyRing keys) {
        this.keys = keys;
    }

    public void register(RoutesConfig routes) {
        routes.get("/v1/keys", this::keys);
        ApiDocument.serve(routes, DiscoveryEndpoints.class, "/settlement/openapi.json");
    }

    /** Only the public half ever leaves the process: the issuer checks our client assertions with it. */
    private void keys(Context ctx) {
        ctx.contentType("application/json").result(keys.publicKeys().toString(true));
    }
}
