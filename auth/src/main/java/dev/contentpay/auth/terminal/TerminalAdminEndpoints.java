package dev.contentpay.auth.terminal;

import dev.contentpay.platform.http.Idempotency;
import dev.contentpay.platform.http.WebServer;
import dev.contentpay.protocol.TerminalInfo;
import dev.contentpay.protocol.TerminalProof;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;

/** The operators' terminal calls, on the admin face (the operator token is checked before these run). */
final class TerminalAdminEndpoints {

    private final TerminalService terminals;
    private final Idempotency idempotency;

    TerminalAdminEndpoints(TerminalService terminals, Idempotency idempotency) {
        this.terminals = terminals;
        this.idempotency = idempotency;
    }

    void register(RoutesConfig routes) {
        routes.get("/v1/admin/subscribers/{id}/terminals", ctx -> ctx.json(terminals.listForAdmin(ctx.pathParam("id"))));
        routes.post("/v1/admin/terminals/{id}/revoke", this::revoke);
    }

    private void revoke(Context ctx) {
        byte[] body = WebServer.body(ctx);
        // The terminal is in the path, not the body: the request hash covers both, so one key
        // reused for another terminal is refused instead of answered with the first terminal.
        String requestHash = TerminalProof.sha256Hex((ctx.path() + "\n" + TerminalProof.sha256Hex(body)).getBytes(StandardCharsets.UTF_8));
        idempotency.answer("admin-terminal", Idempotency.key(ctx), requestHash, 200, TerminalInfo.class,
                () -> terminals.revokeByAdmin(ctx.pathParam("id"))).writeTo(ctx);
    }
}
