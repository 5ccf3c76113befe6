package dev.contentpay.settlement.webhook;

import com.nimbusds.jose.jwk.JWKSet;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.crypto.TokenException;
import dev.contentpay.platform.crypto.WebhookSignatures;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.http.WebServer;
import dev.contentpay.protocol.IssuerEvent;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * {@code POST /v1/issuer-events}: the issuer's signed webhooks (docs/MERCHANTS.md, "Webhooks").
 * The signature is checked before anything else, against the issuer's webhook keys
 * ({@code auth.webhook-keys-file}, read when first needed, so a key set written after this server
 * started is still found), with the timestamp within five minutes of our clock; then the event is
 * applied once by its id and answered 200. The {@code Idempotency-Key} header is required, as on
 * every state-changing request (the issuer sends the event id); no answer is kept under it.
 */
public final class IssuerEventEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(IssuerEventEndpoints.class);

    private final IssuerEventService service;
    private final Path keysFile;
    private final Clock clock;
    private final dev.contentpay.settlement.issuer.IssuerClient issuer;
    private final dev.contentpay.platform.http.Idempotency idempotency;
    private volatile JWKSet keys;

    public IssuerEventEndpoints(IssuerEventService service, Path keysFile, Clock clock, dev.contentpay.settlement.issuer.IssuerClient issuer,
                                dev.contentpay.platform.http.Idempotency idempotency) {
        this.issuer = issuer;
        this.idempotency = idempotency;
        this.service = service;
        this.keysFile = keysFile;
        this.clock = clock;
    }

    public void register(RoutesConfig routes) {
        routes.post("/v1/issuer-events", this::receive);
        routes.post("/v1/admin/issuer-events/replay", this::replay);
    }

    /**
     * An operator pulls one page of the issuer's feed over the dedicated line and applies each
     * event once (the operator token is checked by the admin API's filter): what a merchant that
     * was down past the issuer's retries, or restored a backup, does to catch up. The page is
     * named in the query ({@code after}, the event id to replay after, from the first without it;
     * {@code limit}, 100 unless said), which the request hash covers.
     */
    private void replay(Context ctx) {
        byte[] body = WebServer.body(ctx);
        String after = ctx.queryParam("after");
        String limit = ctx.queryParam("limit");
        int n = 100;
        if (limit != null) {
            try {
                n = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                throw ContentpayException.invalid("limit", "must be a whole number");
            }
        }
        int pageSize = n;
        String query = ctx.queryString() == null ? "" : "?" + ctx.queryString();
        idempotency.answer("admin-replay", dev.contentpay.platform.http.Idempotency.key(ctx), idempotency.requestHash("POST", ctx.path() + query, body),
                200, IssuerEventService.Replay.class, () -> service.replay(issuer, after, pageSize)).writeTo(ctx);
    }

    private void receive(Context ctx) {
        byte[] body = WebServer.body(ctx);
        String id = ctx.header(WebhookSignatures.ID_HEADER);
        try {
            WebhookSignatures.verify(keys(), id, ctx.header(WebhookSignatures.TIMESTAMP_HEADER), ctx.header(WebhookSignatures.SIGNATURE_HEADER),
                    body, clock.instant());
        } catch (TokenException e) {
            LOG.warn("refused a webhook: {}", e.getMessage());
            throw new ContentpayException(ErrorCode.WEBHOOK_UNAUTHENTICATED);
        }
        // Applied once by its id, so no answer is kept; the key is still required, as on every state-changing request.
        dev.contentpay.platform.http.Idempotency.key(ctx);
        IssuerEvent event = Json.read(body, IssuerEvent.class);
        if (!id.equals(event.id())) throw ContentpayException.invalid("id", "must be the webhook-id header's value");
        ctx.json(service.apply(event));
    }

    private JWKSet keys() throws TokenException {
        JWKSet known = keys;
        if (known != null) return known;
        if (!Files.isRegularFile(keysFile)) {
            LOG.warn("auth.webhook-keys-file {} does not exist: no webhook can be verified until it holds the issuer's webhook keys", keysFile);
            throw new TokenException(TokenException.Reason.UNKNOWN_KEY, "no webhook keys");
        }
        known = KeyFiles.readPublic(keysFile);
        keys = known;
        return known;
    }
}
