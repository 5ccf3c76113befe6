package dev.contentpay.auth;

import dev.contentpay.auth.approval.JudgeService;
import dev.contentpay.auth.merchant.MerchantRegistry;
import dev.contentpay.auth.approval.PaymentNoticeService;
import dev.contentpay.auth.approval.RefundService;
import dev.contentpay.auth.approval.VoidService;
import dev.contentpay.auth.statement.StatementService;
import dev.contentpay.protocol.RefundRequest;
import dev.contentpay.protocol.VoidRequest;
import dev.contentpay.platform.crypto.ClientAssertionCheck;
import dev.contentpay.platform.crypto.LineMac;
import dev.contentpay.auth.merchant.LineKeys;
import dev.contentpay.platform.crypto.TokenException;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Answer;
import dev.contentpay.platform.http.Idempotency;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.http.WebServer;
import dev.contentpay.platform.observe.Trace;
import dev.contentpay.protocol.JudgeRequest;
import dev.contentpay.protocol.LineKeyResponse;
import dev.contentpay.protocol.PaymentNotice;
import dev.contentpay.protocol.JudgeResponse;
import dev.contentpay.protocol.PaymentNoticeBatch;
import dev.contentpay.protocol.JudgementBatch;
import dev.contentpay.protocol.JudgementBatchResponse;
import dev.contentpay.platform.error.Problem;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.time.Clock;

/**
 * The merchant face (means 47, the dedicated line): only registered merchants' settlement servers,
 * each proving itself with an assertion signed by its registered key on every call.
 */
public final class MerchantEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(MerchantEndpoints.class);
    private static final String JUDGEMENTS = "/v1/merchant/judgements";
    private static final String JUDGE_SCOPE = "judge:";

    private final JudgeService judge;
    private final PaymentNoticeService notices;
    private final VoidService voids;
    private final RefundService refunds;
    private final StatementService statements;
    private final Idempotency idempotency;
    private final ClientAssertionCheck assertions;
    private final String issuerId;
    private final MerchantRegistry merchants;
    private final boolean mutualTls;
    private final LineKeys lineKeys;
    private final dev.contentpay.auth.event.WebhookDeliveries events;
    private final dev.contentpay.auth.reversal.ReversalService reversals;
    private dev.contentpay.auth.approval.NoticeFaults noticeFaults = dev.contentpay.auth.approval.NoticeFaults.NONE;

    public MerchantEndpoints(JudgeService judge, PaymentNoticeService notices, VoidService voids, RefundService refunds,
                             StatementService statements, Idempotency idempotency, MerchantRegistry merchants, String issuerId,
                             boolean mutualTls, LineKeys lineKeys, dev.contentpay.auth.event.WebhookDeliveries events, Clock clock,
                             dev.contentpay.auth.reversal.ReversalService reversals) {
        this.reversals = reversals;
        this.events = events;
        this.lineKeys = lineKeys;
        this.judge = judge;
        this.notices = notices;
        this.voids = voids;
        this.refunds = refunds;
        this.statements = statements;
        this.idempotency = idempotency;
        this.issuerId = issuerId;
        this.merchants = merchants;
        this.mutualTls = mutualTls;
        // Only the settlement server's keys sign assertions: the shop's seal purchasing information and nothing else.
        this.assertions = new ClientAssertionCheck(merchants.assertionKeys(), issuerId, clock, "a call on the dedicated line");
    }

    /** The sandbox issuer's faults on the answers to payment notices; a live issuer never sets any. */
    public MerchantEndpoints withNoticeFaults(dev.contentpay.auth.approval.NoticeFaults faults) {
        this.noticeFaults = faults;
        return this;
    }

    public void register(RoutesConfig routes) {
        routes.post(JUDGEMENTS, this::judge);
        routes.post("/v1/merchant/judgement-batches", this::judgements);
        routes.post("/v1/merchant/payment-notices", this::notice);
        routes.post("/v1/merchant/payment-notice-batches", this::notices);
        routes.post("/v1/merchant/line-keys", this::lineKey);
        routes.post("/v1/merchant/voids", this::voidApproval);
        routes.post("/v1/merchant/refunds", this::refund);
        // The merchant's answer to a reversal the issuer opened: applied once by the reversal's state, like a refund by its id.
        routes.post("/v1/merchant/reversal-answers", ctx -> applyOnce(ctx, dev.contentpay.protocol.ReversalAnswer.class, reversals::answer));
        routes.get("/v1/merchant/daily-totals", this::dailyTotals);
        routes.get("/v1/merchant/events", this::events);
    }

    /**
     * The merchant's feed of issuer events (docs/MERCHANTS.md, "Webhooks"): the events after
     * {@code after} (from the first without it), oldest first, up to {@code limit} (100 unless
     * said, at most 1,000), each as its webhook carried it, whatever became of that delivery.
     */
    private void events(Context ctx) {
        String merchant = authenticate(ctx, new byte[0]);
        String after = ctx.queryParam("after");
        int limit = 100;
        if (ctx.queryParam("limit") != null) {
            try {
                limit = Integer.parseInt(ctx.queryParam("limit"));
            } catch (NumberFormatException e) {
                throw ContentpayException.invalid("limit", "must be a whole number");
            }
        }
        ctx.json(events.feed(merchant, after == null || after.isEmpty() ? null : after, limit));
    }

    private void voidApproval(Context ctx) {
        // Voiding is idempotent by approval in the database itself, like payment notices.
        applyOnce(ctx, VoidRequest.class, (merchant, request) -> voids.voidForMerchant(merchant, request.approvalId()));
    }

    private void refund(Context ctx) {
        applyOnce(ctx, RefundRequest.class, refunds::refund);
    }

    /**
     * A request its service applies once by its own subject (a void by approval, a refund by refund
     * id, a notice by allowance), so it needs no stored answer; the idempotency key is still
     * required, as on every state-changing request.
     */
    private <T> void applyOnce(Context ctx, Class<T> type, java.util.function.BiFunction<String, T, Object> action) {
        byte[] body = WebServer.body(ctx);
        String merchant = authenticate(ctx, body);
        T request = Json.read(body, type);
        Idempotency.key(ctx);
        ctx.json(action.apply(merchant, request));
    }

    private void dailyTotals(Context ctx) {
        String merchant = authenticate(ctx, new byte[0]);
        ctx.json(statements.dailyTotals(merchant, Dates.parse("date", ctx.queryParam("date"))));
    }

    private void judge(Context ctx) {
        byte[] body = WebServer.body(ctx);
        String merchant = authenticate(ctx, body);
        var request = Json.read(body, JudgeRequest.class);
        String key = Idempotency.key(ctx);
        idempotency.respond(ctx, JUDGE_SCOPE + merchant, body, 200, JudgeResponse.class, () -> judge.judge(merchant, request, key));
    }

    /**
     * Up to 100 judgements in one exchange and one binding. Each is judged as if it had come alone
     * to {@code POST /v1/merchant/judgements} with its own key and body: the same idempotency
     * scope and request hash, so its answer is kept and given again alone or in any later batch.
     * They are judged at once, each on its own thread, so their transactions share the writer's
     * commits; the answer lists each one's status and body in the batch's order. The batch's own
     * {@code Idempotency-Key} is required, as on every state-changing request, and keeps nothing.
     */
    private void judgements(Context ctx) {
        byte[] body = WebServer.body(ctx);
        String merchant = authenticate(ctx, body);
        var batch = Json.read(body, JudgementBatch.class);
        Idempotency.key(ctx);
        List<JudgementBatch.Item> items = batch.judgements();
        var results = new ArrayList<java.util.concurrent.Future<JudgementBatchResponse.Result>>(items.size());
        // Each judgement's lines carry this request's trace (auth's own) and, as the caller's, the trace of its purchase.
        var logContext = org.slf4j.MDC.getCopyOfContextMap();
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (JudgementBatch.Item item : items) {
                results.add(threads.submit(() -> {
                    if (logContext != null) org.slf4j.MDC.setContextMap(logContext);
                    String caller = item.traceparent() == null ? null : Trace.traceIdOf(item.traceparent());
                    if (caller != null && item.traceparent().contains(caller)) org.slf4j.MDC.put(Trace.CALLER_MDC_KEY, caller);
                    return judgeOne(merchant, item);
                }));
            }
        }
        ctx.json(new JudgementBatchResponse(results.stream().map(java.util.concurrent.Future::resultNow).toList()));
    }

    private JudgementBatchResponse.Result judgeOne(String merchant, JudgementBatch.Item item) {
        String key = item.idempotencyKey();
        String requestHash = idempotency.requestHash("POST", JUDGEMENTS, Json.write(item.request()));
        try {
            Answer<JudgeResponse> answer = idempotency.answer(JUDGE_SCOPE + merchant, key, requestHash, 200, JudgeResponse.class,
                    () -> judge.judge(merchant, item.request(), key));
            return answer.isProblem() ? JudgementBatchResponse.Result.refused(key, answer.problem())
                    : JudgementBatchResponse.Result.allowed(key, answer.value());
        } catch (ContentpayException e) {
            return JudgementBatchResponse.Result.refused(key, e.toProblem());
        } catch (RuntimeException e) {
            LOG.error("a judgement of a batch from merchant {} failed", merchant, e);
            return JudgementBatchResponse.Result.refused(key, Problem.of(ErrorCode.INTERNAL_ERROR));
        }
    }

    private void notice(Context ctx) {
        applyOnce(ctx, PaymentNotice.class, (merchant, notice) -> {
            var answer = notices.apply(merchant, notice);
            noticeFaults.answering(merchant, List.of(notice.allowanceId()));
            return answer;
        });
    }

    /** Up to 100 notices in one exchange, one assertion and one transaction; each gets its own verdict. */
    private void notices(Context ctx) {
        applyOnce(ctx, PaymentNoticeBatch.class, (merchant, batch) -> {
            var answers = notices.applyAll(merchant, batch);
            noticeFaults.answering(merchant, batch.notices().stream().map(PaymentNotice::allowanceId).toList());
            return answers;
        });
    }

    /**
     * A line key ({@link LineKeys}) for the merchant, given only to a call proven with a signed
     * assertion (a line key cannot renew itself): its next calls may be bound by a MAC under it.
     */
    private void lineKey(Context ctx) {
        byte[] body = WebServer.body(ctx);
        if (LineMac.isLineMac(ctx.header("Authorization"))) {
            LOG.warn("refused a line key asked for with a line MAC: only the settlement key's assertion obtains one");
            throw new ContentpayException(ErrorCode.CLIENT_UNAUTHENTICATED);
        }
        String merchant = authenticate(ctx, body);
        LineMac.Key key = lineKeys.issue(merchant);
        ctx.header("Cache-Control", "no-store");
        ctx.json(new LineKeyResponse(key.keyId(), java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(key.secret()), key.expiresAt()));
    }

    /**
     * The merchant a call on the dedicated line comes from: proven by a signed client assertion,
     * or by a line MAC under a line key the merchant obtained with one; in either case over a
     * client certificate that names it.
     */
    private String authenticate(Context ctx, byte[] body) {
        String authorization = ctx.header("Authorization");
        String merchant = LineMac.isLineMac(authorization) ? lineCaller(ctx, authorization, body) : assertions.callerOf(ctx, body);
        if (merchants.find(merchant).isEmpty()) {
            LOG.warn("refused a call on the dedicated line: merchant {} is not registered", merchant);
            throw new ContentpayException(ErrorCode.CLIENT_UNAUTHENTICATED);
        }
        if (mutualTls) requireCertificateOf(ctx, merchant);
        return merchant;
    }

    private String lineCaller(Context ctx, String authorization, byte[] body) {
        try {
            return lineKeys.verify(authorization, issuerId, ctx.method().name(), ctx.path(), body);
        } catch (TokenException e) {
            LOG.warn("refused a call on the dedicated line: {}", e.getMessage());
            throw new ContentpayException(ErrorCode.CLIENT_UNAUTHENTICATED);
        }
    }

    /**
     * The client certificate that opened the connection must be the asserting merchant's (its
     * subject CN or a subject alternative name equal to the registered certificate name): a
     * certificate of another party our authority issued (the bureau's, auth's own) is refused even
     * with a valid assertion.
     */
    private void requireCertificateOf(Context ctx, String merchantId) {
        String expected = merchants.find(merchantId).map(dev.contentpay.auth.merchant.Merchant::certificateName).orElse(null);
        Object chain = ctx.req().getAttribute("jakarta.servlet.request.X509Certificate");
        X509Certificate peer = chain instanceof X509Certificate[] certs && certs.length > 0 ? certs[0] : null;
        if (expected == null || peer == null || !dev.contentpay.platform.tls.Certificates.names(peer).contains(expected)) {
            LOG.warn("refused a call on the dedicated line: merchant {} asserted over a client certificate that does not name it ({})", merchantId,
                    peer == null ? "none" : peer.getSubjectX500Principal().getName());
            throw new ContentpayException(ErrorCode.CLIENT_UNAUTHENTICATED);
        }
    }
}
