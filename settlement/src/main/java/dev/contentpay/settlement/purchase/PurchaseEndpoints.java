package dev.contentpay.settlement.purchase;

import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.http.Answer;
import dev.contentpay.platform.http.Idempotency;
import dev.contentpay.platform.http.Multipart;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.http.WebServer;
import dev.contentpay.protocol.PurchaseRequest;
import dev.contentpay.protocol.Receipt;
import dev.contentpay.settlement.delivery.Download;
import dev.contentpay.settlement.delivery.DownloadAnswer;
import dev.contentpay.settlement.delivery.DownloadService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code POST /v1/purchases}: the terminal presents an approval ([0065]) and gets a receipt, and
 * with it the content ([0070]) when it accepts {@code multipart/mixed} and the content is at most
 * {@code download.inline-at-most} bytes: one exchange instead of two for the contents most
 * purchases are. A larger one goes by the receipt's link, which can be resumed and read in parts.
 */
public final class PurchaseEndpoints {

    static final String SCOPE = "purchase";

    private static final Logger LOG = LoggerFactory.getLogger(PurchaseEndpoints.class);

    private final PurchaseService service;
    private final Idempotency idempotency;
    private final DownloadService downloads;
    private final long inlineAtMost;

    public PurchaseEndpoints(PurchaseService service, Idempotency idempotency, DownloadService downloads, long inlineAtMost) {
        this.service = service;
        this.idempotency = idempotency;
        this.downloads = downloads;
        this.inlineAtMost = inlineAtMost;
    }

    public void register(RoutesConfig routes) {
        routes.post("/v1/purchases", this::purchase);
    }

    /**
     * The same key and body answer the first receipt (or refusal) again, without judging twice. The
     * content goes with the receipt only to the request that settled: a repeat gets the receipt
     * alone and downloads by its link, where a refund or reversal since is checked.
     */
    private void purchase(Context ctx) {
        String key = Idempotency.key(ctx);
        byte[] body = WebServer.body(ctx);
        PurchaseRequest request = Json.read(body, PurchaseRequest.class);
        var settledNow = new AtomicReference<Receipt>();
        Answer<Receipt> answer = idempotency.answer(SCOPE, key, ClientAssertions.sha256Hex(body), 201, Receipt.class,
                () -> service.purchase(request, key, settledNow::set));
        Receipt settled = settledNow.get();
        if (settled != null && answer.status() == 201 && inlineAtMost > 0 && Multipart.accepted(ctx.header("Accept"))) {
            Optional<Download> content = downloads.withReceipt(settled, inlineAtMost);
            if (content.isPresent()) {
                try {
                    DownloadAnswer.writeWithAnswer(ctx, answer.status(), answer.body(), content.get());
                    return;
                } catch (UncheckedIOException e) {
                    LOG.warn("the content of settlement {} goes by its link only: {}", settled.settlementId(), e.getMessage());
                }
            }
        }
        answer.writeTo(ctx);
    }
}
