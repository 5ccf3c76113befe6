package dev.contentpay.settlement.delivery;

import dev.contentpay.settlement.delivery.BuyerProof;
import dev.contentpay.settlement.delivery.Download;
import dev.contentpay.settlement.delivery.DownloadService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * {@code GET /v1/downloads/{settlementId}?token=...}: the bought content, byte for byte ([0070]);
 * after the first minutes also with the buyer's approval in the {@code Contentpay-Approval} header.
 */
public final class DownloadEndpoints {

    private final DownloadService service;

    public DownloadEndpoints(DownloadService service) {
        this.service = service;
    }

    public void register(RoutesConfig routes) {
        routes.get("/v1/downloads/{settlementId}", this::download);
    }

    private void download(Context ctx) {
        Download download = service.download(ctx.pathParam("settlementId"), ctx.queryParam("token"), ctx.header(BuyerProof.HEADER));
        ctx.header("X-Content-SHA256", download.sha256());
        ctx.header("Content-Disposition", "attachment; filename=\"" + download.fileName() + "\"");
        ctx.contentType(download.mediaType());
        ctx.result(download.bytes());
    }
}
