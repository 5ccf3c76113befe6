package dev.contentpay.platform.http;

import dev.contentpay.platform.crypto.KeyRing;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.List;

/**
 * A server's signing keys on its operator face (auth's admin face, settlement's and the shop's admin
 * API): {@code GET /v1/admin/keys} lists the keys of its {@link KeyRing} (key id, when made, when
 * retired, which one signs), {@code POST /v1/admin/keys/rotations} makes a new key current while the
 * server runs, the old one published and accepted until {@code keys.retire-after} has passed. The
 * caller guards {@code /v1/admin/*} with the operator token; only key ids and times leave, never a key.
 */
public final class SigningKeyEndpoints {

    /** One signing key as an operator sees it: times are RFC 3339, {@code retiresAt} null for the current key. */
    public record SigningKey(String kid, String created, String retiresAt, boolean current) {
    }

    /** The keys of the ring not yet retired, oldest first. */
    public record SigningKeys(List<SigningKey> keys) {
    }

    private final KeyRing ring;
    private final Idempotency idempotency;

    public SigningKeyEndpoints(KeyRing ring, Idempotency idempotency) {
        this.ring = ring;
        this.idempotency = idempotency;
    }

    public void register(RoutesConfig routes) {
        routes.get("/v1/admin/keys", ctx -> ctx.json(view()));
        routes.post("/v1/admin/keys/rotations", this::rotate);
    }

    /** A new key, once per idempotency key: a repeat answers the first rotation's keys and rotates nothing. */
    private void rotate(Context ctx) {
        byte[] body = WebServer.body(ctx);
        idempotency.respond(ctx, "key-rotation", body, 200, SigningKeys.class, () -> {
            ring.rotate();
            return view();
        });
    }

    private SigningKeys view() {
        var current = ring.current();
        return new SigningKeys(ring.entries().stream().map(e -> new SigningKey(e.kid(), e.created().toString(),
                e.retiresAt() == null ? null : e.retiresAt().toString(), e.kid().equals(current.kid()))).toList());
    }
}
