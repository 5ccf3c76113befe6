package dev.contentpay.settlement.fakes;

import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.JWKSet;
import dev.contentpay.platform.crypto.ClientAssertionCheck;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.crypto.TokenException;
import dev.contentpay.platform.crypto.TokenSigner;
import dev.contentpay.platform.crypto.TokenVerifier;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.http.WebServer;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.protocol.AllowanceClaims;
import dev.contentpay.protocol.ApprovalClaims;
import dev.contentpay.protocol.JudgeRequest;
import dev.contentpay.protocol.JudgeResponse;
import dev.contentpay.protocol.DailyTotals;
import dev.contentpay.protocol.PaymentNotice;
import dev.contentpay.protocol.PaymentNoticeResponse;
import dev.contentpay.protocol.RefundRequest;
import dev.contentpay.protocol.RefundResponse;
import dev.contentpay.protocol.VoidRequest;
import dev.contentpay.protocol.VoidResponse;
import dev.contentpay.platform.money.Money;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The issuer's merchant face as settlement sees it, small but honest: it checks the caller's client
 * assertion with settlement's published public key, judges each approval once (the same
 * idempotency key gets the same allowance, another key gets approval_already_used), signs real
 * allowances, and counts the payment notices it applies. Switches let a test make it slow,
 * refuse, forge, or fail notices.
 */
public final class FakeAuth implements AutoCloseable {

    public static final String ISSUER = "demo-issuer";

    private record Judged(String key, JudgeResponse response) {
    }

    private final TokenSigner signer;
    private final TokenVerifier approvals;
    private final Path settlementPublicKeys;
    private final Javalin app;
    private final Map<String, Judged> judged = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> applied = new ConcurrentHashMap<>();
    private final List<PaymentNotice> notices = new CopyOnWriteArrayList<>();
    private final Map<String, PaymentNotice> charged = new ConcurrentHashMap<>();
    private final Map<String, RefundRequest> refunded = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> refundApplications = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> voids = new ConcurrentHashMap<>();

    public final AtomicInteger judgeCalls = new AtomicInteger();
    public final AtomicInteger noticeAttempts = new AtomicInteger();
    /** Calls of the batch endpoint, whatever their outcome. */
    public final AtomicInteger batches = new AtomicInteger();
    /** Notices to answer with 503 before answering 200. */
    public final AtomicInteger noticeFailuresLeft = new AtomicInteger();
    public volatile boolean noticesDown;
    public volatile CountDownLatch judgeGate;
    public volatile CountDownLatch noticeGate;
    public volatile ErrorCode refuseWith;
    public volatile boolean forgeAllowances;
    public final AtomicInteger refundAttempts = new AtomicInteger();
    public final AtomicInteger voidAttempts = new AtomicInteger();
    public volatile boolean refundsDown;
    public volatile boolean voidsDown;
    /** When set, the issuer answers judgements only after this long, yet judges all the same (an allowance arriving late). */
    public volatile Duration judgeDelay;
    /** Entries the issuer's daily totals add or leave out, to make reconciliation find mismatches. */
    public final List<DailyTotals.Entry> extraEntries = new CopyOnWriteArrayList<>();
    public final Set<String> hiddenAllowances = ConcurrentHashMap.newKeySet();

    public FakeAuth(OctetKeyPair key, Path settlementPublicKeys) {
        this.signer = new TokenSigner(key);
        this.approvals = TokenVerifier.forIssuer(ISSUER, new JWKSet(key.toPublicJWK()), Clock.systemUTC());
        this.settlementPublicKeys = settlementPublicKeys;
        this.app = WebServer.create("fake-auth", () -> true, config -> { }, routes -> {
            routes.post("/v1/merchant/judgements", this::judge);
            routes.post("/v1/merchant/judgement-batches", this::judgeBatch);
            routes.post("/v1/merchant/payment-notices", this::notice);
            routes.post("/v1/merchant/payment-notice-batches", this::noticeBatch);
            routes.post("/v1/merchant/refunds", this::refund);
            routes.post("/v1/merchant/voids", this::voidApproval);
            routes.get("/v1/merchant/daily-totals", this::dailyTotals);
        });
        app.start("127.0.0.1", 0);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + app.port());
    }

    public int allowancesIssued() {
        return judged.size();
    }

    /** How many times the notice of this allowance was applied (acknowledged with 200). */
    public int timesApplied(String allowanceId) {
        AtomicInteger n = applied.get(allowanceId);
        return n == null ? 0 : n.get();
    }

    public List<PaymentNotice> appliedNotices() {
        return List.copyOf(notices);
    }

    /** How many times the refund was acknowledged (every repeat is acknowledged; the credit happens once). */
    public int timesRefunded(String refundId) {
        AtomicInteger n = refundApplications.get(refundId);
        return n == null ? 0 : n.get();
    }

    /** The refunds credited once each, by refund id. */
    public Map<String, RefundRequest> refunds() {
        return Map.copyOf(refunded);
    }

    /** How many void requests arrived for this approval. */
    public int timesVoided(String approvalId) {
        AtomicInteger n = voids.get(approvalId);
        return n == null ? 0 : n.get();
    }

    public boolean isCharged(String allowanceId) {
        return charged.containsKey(allowanceId);
    }

    private void judge(Context ctx) throws InterruptedException {
        byte[] body = ctx.bodyAsBytes();
        String merchant = caller(ctx, body);
        judgeCalls.incrementAndGet();
        await(judgeGate);
        Duration delay = judgeDelay;
        JudgeResponse verdict = judgeOne(merchant, ctx.header("Idempotency-Key"), body);
        if (delay != null) Thread.sleep(delay.toMillis());
        ctx.json(verdict);
    }

    /** Judgements in a batch, each as if alone; the delay, when set, holds the whole answer once. */
    private void judgeBatch(Context ctx) throws InterruptedException {
        byte[] body = ctx.bodyAsBytes();
        String merchant = caller(ctx, body);
        var batch = Json.read(body, dev.contentpay.protocol.JudgementBatch.class);
        judgeCalls.addAndGet(batch.judgements().size());
        await(judgeGate);
        Duration delay = judgeDelay;
        var results = new java.util.ArrayList<dev.contentpay.protocol.JudgementBatchResponse.Result>();
        for (var item : batch.judgements()) {
            try {
                results.add(dev.contentpay.protocol.JudgementBatchResponse.Result.allowed(item.idempotencyKey(),
                        judgeOne(merchant, item.idempotencyKey(), Json.write(item.request()))));
            } catch (ContentpayException e) {
                results.add(dev.contentpay.protocol.JudgementBatchResponse.Result.refused(item.idempotencyKey(), e.toProblem()));
            }
        }
        if (delay != null) Thread.sleep(delay.toMillis());
        ctx.json(new dev.contentpay.protocol.JudgementBatchResponse(results));
    }

    private JudgeResponse judgeOne(String merchant, String key, byte[] body) {
        if (refuseWith != null) throw new ContentpayException(refuseWith);
        JudgeRequest request = Json.read(body, JudgeRequest.class);
        ApprovalClaims approval = approval(request.approval(), merchant);
        if (!approval.orderId().equals(request.orderId()) || !approval.amount().equals(request.amount())) {
            throw new ContentpayException(ErrorCode.AMOUNT_MISMATCH);
        }
        Judged verdict = judged.computeIfAbsent(approval.approvalId(), id -> new Judged(key, allow(approval, merchant)));
        if (!verdict.key().equals(key)) throw new ContentpayException(ErrorCode.APPROVAL_ALREADY_USED);
        return verdict.response();
    }

    private void refund(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        caller(ctx, body);
        refundAttempts.incrementAndGet();
        if (refundsDown) throw new ContentpayException(ErrorCode.AUTH_UNAVAILABLE);
        RefundRequest request = Json.read(body, RefundRequest.class);
        if (!ctx.header("Idempotency-Key").equals("refund-" + request.refundId())) {
            throw new ContentpayException(ErrorCode.VALIDATION_FAILED, "unexpected idempotency key");
        }
        PaymentNotice charge = charged.get(request.allowanceId());
        if (charge == null) throw new ContentpayException(ErrorCode.PAYMENT_NOT_CHARGED);
        if (!charge.amount().currency().equals(request.amount().currency())) throw new ContentpayException(ErrorCode.AMOUNT_MISMATCH);
        long before = refunded.values().stream().filter(r -> r.allowanceId().equals(request.allowanceId()) && !r.refundId().equals(request.refundId()))
                .mapToLong(r -> r.amount().amount()).sum();
        if (before + request.amount().amount() > charge.amount().amount()) throw new ContentpayException(ErrorCode.REFUND_EXCEEDS_REMAINING);
        refunded.putIfAbsent(request.refundId(), request);
        refundApplications.computeIfAbsent(request.refundId(), id -> new AtomicInteger()).incrementAndGet();
        ctx.json(new RefundResponse(request.refundId(), request.allowanceId(), "refunded", request.amount()));
    }

    private void voidApproval(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        caller(ctx, body);
        voidAttempts.incrementAndGet();
        if (voidsDown) throw new ContentpayException(ErrorCode.AUTH_UNAVAILABLE);
        VoidRequest request = Json.read(body, VoidRequest.class);
        Judged verdict = judged.get(request.approvalId());
        if (verdict != null && charged.containsKey(verdict.response().allowanceId())) throw new ContentpayException(ErrorCode.ALREADY_CHARGED);
        voids.computeIfAbsent(request.approvalId(), id -> new AtomicInteger()).incrementAndGet();
        ctx.json(new VoidResponse(request.approvalId(), "voided"));
    }

    private void dailyTotals(Context ctx) {
        String merchant = caller(ctx, new byte[0]);
        LocalDate date = LocalDate.parse(ctx.queryParam("date"));
        var entries = new ArrayList<DailyTotals.Entry>();
        charged.values().stream().filter(n -> dayOf(n.settledAt()).equals(date) && !hiddenAllowances.contains(n.allowanceId()))
                .forEach(n -> entries.add(new DailyTotals.Entry("charge", n.allowanceId(), n.settlementId(), null, n.amount(), n.settledAt())));
        refunded.values().stream().filter(r -> dayOf(r.refundedAt()).equals(date))
                .forEach(r -> entries.add(new DailyTotals.Entry("refund", r.allowanceId(), r.settlementId(), r.refundId(), r.amount(), r.refundedAt())));
        entries.addAll(extraEntries);
        ctx.json(new DailyTotals(merchant, date, "JPY", total(entries, "charge"), total(entries, "refund"), entries, "UTC"));
    }

    private static Money total(List<DailyTotals.Entry> entries, String kind) {
        return Money.of(entries.stream().filter(e -> kind.equals(e.kind())).mapToLong(e -> e.amount().amount()).sum(), "JPY");
    }

    private static LocalDate dayOf(Instant at) {
        return at.atZone(ZoneOffset.UTC).toLocalDate();
    }

    private void notice(Context ctx) throws InterruptedException {
        byte[] body = ctx.bodyAsBytes();
        caller(ctx, body);
        noticeAttempts.incrementAndGet();
        await(noticeGate);
        if (noticesDown || noticeFailuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new ContentpayException(ErrorCode.AUTH_UNAVAILABLE);
        }
        PaymentNotice notice = Json.read(body, PaymentNotice.class);
        if (!ctx.header("Idempotency-Key").equals("notice-" + notice.allowanceId())) {
            throw new ContentpayException(ErrorCode.VALIDATION_FAILED, "unexpected idempotency key");
        }
        // Idempotent by allowance id, as the real issuer is; the counter shows how often it was asked.
        applied.computeIfAbsent(notice.allowanceId(), id -> new AtomicInteger()).incrementAndGet();
        notices.add(notice);
        charged.putIfAbsent(notice.allowanceId(), notice);
        ctx.json(new PaymentNoticeResponse(notice.allowanceId(), "charged"));
    }

    /** A batch, as the real issuer takes it: every notice counted as an attempt, each applied once by allowance id. */
    private void noticeBatch(Context ctx) throws InterruptedException {
        byte[] body = ctx.bodyAsBytes();
        caller(ctx, body);
        var batch = Json.read(body, dev.contentpay.protocol.PaymentNoticeBatch.class);
        noticeAttempts.addAndGet(batch.notices().size());
        batches.incrementAndGet();
        await(noticeGate);
        if (noticesDown || noticeFailuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new ContentpayException(ErrorCode.AUTH_UNAVAILABLE);
        }
        if (!ctx.header("Idempotency-Key").startsWith("notices-")) {
            throw new ContentpayException(ErrorCode.VALIDATION_FAILED, "unexpected idempotency key");
        }
        var results = new java.util.ArrayList<dev.contentpay.protocol.PaymentNoticeBatchResponse.Result>();
        for (PaymentNotice notice : batch.notices()) {
            applied.computeIfAbsent(notice.allowanceId(), id -> new AtomicInteger()).incrementAndGet();
            notices.add(notice);
            charged.putIfAbsent(notice.allowanceId(), notice);
            results.add(dev.contentpay.protocol.PaymentNoticeBatchResponse.Result.charged(notice.allowanceId()));
        }
        ctx.json(new dev.contentpay.protocol.PaymentNoticeBatchResponse(results));
    }

    private JudgeResponse allow(ApprovalClaims approval, String merchant) {
        Instant now = Instant.now();
        var claims = new AllowanceClaims(Ids.random("alw"), ISSUER, merchant, approval.pseudonym(), approval.approvalId(),
                approval.orderId(), approval.itemId(), approval.amount(), now, now.plus(Duration.ofMinutes(10)));
        TokenSigner by = forgeAllowances ? new TokenSigner(KeyFiles.generate(signer.keyId())) : signer;
        String token = by.sign(AllowanceClaims.TYPE, claims.toClaims());
        return new JudgeResponse("allowed", token, claims.allowanceId(), claims.approvalId(), claims.pseudonym(), claims.amount());
    }

    private ApprovalClaims approval(String token, String merchant) {
        try {
            return ApprovalClaims.from(approvals.verify(token, ApprovalClaims.TYPE, merchant));
        } catch (TokenException e) {
            throw new ContentpayException(switch (e.reason()) {
                case EXPIRED -> ErrorCode.APPROVAL_EXPIRED;
                case WRONG_AUDIENCE -> ErrorCode.APPROVAL_WRONG_MERCHANT;
                default -> ErrorCode.APPROVAL_INVALID;
            });
        }
    }

    /** The merchant proven by the client assertion, checked with settlement's published public key. */
    private String caller(Context ctx, byte[] body) {
        return new ClientAssertionCheck(issuer -> KeyFiles.readPublic(settlementPublicKeys), ISSUER, Clock.systemUTC(), "a call to the fake issuer")
                .callerOf(ctx, body);
    }

    private static void await(CountDownLatch gate) throws InterruptedException {
        if (gate != null) gate.await(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        CountDownLatch j = judgeGate, n = noticeGate;
        if (j != null) j.countDown();
        if (n != null) n.countDown();
        app.stop();
    }
}
