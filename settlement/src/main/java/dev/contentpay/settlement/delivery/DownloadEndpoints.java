package dev.contentpay.settlement.delivery;

import dev.contentpay.platform.http.Idempotency;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.http.WebServer;
import dev.contentpay.protocol.RestoreRequest;
import dev.contentpay.protocol.RestoredPurchases;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * {@code GET /v1/downloads/{settlementId}?token=...}: the bought content, byte for byte ([0070]);
 * after the first minutes also with the buyer's approval in the {@code Contentpay-Approval} header.
 * Streamed from settlement's verified copy, in parts on request ({@code Range}, {@code If-Range},
 * {@code If-None-Match}: {@link DownloadAnswer}), once the caller is found entitled to it.
 * {@code POST /v1/purchases/restore}: the receipts of what the buyer owns here, with new links. It
 * changes state (each link is renewed), so it takes an idempotency key and a repeat gets the same
 * links again.
 */
public final class DownloadEndpoints {

    static final String RESTORE_SCOPE = "restore";

    private final DownloadService service;
    private final Idempotency idempotency;

    public DownloadEndpoints(DownloadService service, Idempotency idempotency) {
        this.service = service;
        this.idempotency = idempotency;
    }

    public void register(RoutesConfig routes) {
        routes.get("/v1/downloads/{settlementId}", this::download);
        routes.post("/v1/purchases/restore", this::restore);
    }

    private void download(Context ctx) {
        Download download = service.download(ctx.pathParam("settlementId"), ctx.queryParam("token"), ctx.header(BuyerProof.HEADER));
        DownloadAnswer.write(ctx, download);
    }

    private void restore(Context ctx) {
        byte[] body = WebServer.body(ctx);
        RestoreRequest request = Json.read(body, RestoreRequest.class);
        idempotency.respond(ctx, RESTORE_SCOPE, body, 200, RestoredPurchases.class, () -> service.restore(request.proof()));
    }
}
