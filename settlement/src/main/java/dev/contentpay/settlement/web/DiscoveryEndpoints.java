package dev.contentpay.settlement.web;

import com.nimbusds.jose.jwk.JWKSet;
import dev.contentpay.platform.crypto.TokenSigner;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** What others need to talk to us: our public keys ({@code /v1/keys}) and the API ({@code /openapi.json}). */
public final class DiscoveryEndpoints {

    private final String keys;
    private final byte[] openApi;

    public DiscoveryEndpoints(TokenSigner signer) {
        this.keys = new JWKSet(signer.publicKey()).toString(true);
        this.openApi = resource("/settlement/openapi.json");
    }

    public void register(Javalin app) {
        app.get("/v1/keys", this::keys);
        app.get("/openapi.json", this::openApi);
    }

    /** Only the public half ever leaves the process: the issuer checks our client assertions with it. */
    private void keys(Context ctx) {
        ctx.contentType("application/json").result(keys);
    }

    private void openApi(Context ctx) {
        ctx.contentType("application/json").result(openApi);
    }

    private static byte[] resource(String name) {
        try (InputStream in = DiscoveryEndpoints.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("the resource " + name + " is missing from the build");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
