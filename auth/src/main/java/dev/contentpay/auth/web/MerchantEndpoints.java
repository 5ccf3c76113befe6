package dev.contentpay.auth.web;

import dev.contentpay.auth.judge.JudgeService;
import dev.contentpay.auth.merchant.MerchantRegistry;
import dev.contentpay.auth.notice.PaymentNoticeService;
import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.crypto.TokenException;
import dev.contentpay.platform.crypto.TokenVerifier;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Idempotency;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.http.WebServer;
import dev.contentpay.protocol.JudgeRequest;
import dev.contentpay.protocol.PaymentNotice;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * The merchant face (means 47, the dedicated line): only registered merchants' settlement servers,
 * each proving itself with an assertion signed by its registered key on every call.
 */
public final class MerchantEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(MerchantEndpoints.class);

    private final JudgeService judge;
    private final PaymentNoticeService notices;
    private final Idempotency idempotency;
    private final TokenVerifier assertions;
    private final String issuerId;

    public MerchantEndpoints(JudgeService judge, PaymentNoticeService notices, Idempotency idempotency,
                             MerchantRegistry merchants, String issuerId, Clock clock) {
        this.judge = judge;
        this.notices = notices;
        this.idempotency = idempotency;
        this.issuerId = issuerId;
        this.assertions = new TokenVerifier(merchants::keysOf, clock, Duration.ofSeconds(30));
    }

    public void register(Javalin app) {
        app.post("/v1/merchant/judgements", this::judge);
        app.post("/v1/merchant/payment-notices", this::notice);
    }

    private void judge(Context ctx) {
        byte[] body = WebServer.body(ctx);
        String merchant = authenticate(ctx, body);
        var request = Json.read(body, JudgeRequest.class);
        String key = Idempotency.key(ctx);
        idempotency.respond(ctx, "judge:" + merchant, body, () -> judge.judge(merchant, request, key), 200);
    }

    private void notice(Context ctx) {
        byte[] body = WebServer.body(ctx);
        String merchant = authenticate(ctx, body);
        var notice = Json.read(body, PaymentNotice.class);
        // Applying a notice is idempotent by allowance id in the database itself, so it needs no
        // stored answer; the key is still required, as on every state-changing request.
        Idempotency.key(ctx);
        ctx.json(notices.apply(merchant, notice));
    }

    private String authenticate(Context ctx, byte[] body) {
        try {
            return ClientAssertions.verify(assertions, ctx.header("Authorization"), issuerId, ctx.method().name(), ctx.path(), body).clientId();
        } catch (TokenException e) {
            LOG.warn("refused a call on the dedicated line: {}", e.getMessage());
            throw new ContentpayException(ErrorCode.CLIENT_UNAUTHENTICATED);
        }
    }
}
