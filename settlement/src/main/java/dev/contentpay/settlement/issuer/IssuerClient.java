package dev.contentpay.settlement.issuer;

import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Batcher;
import dev.contentpay.platform.http.ServiceClient;
import dev.contentpay.platform.observe.Trace;
import dev.contentpay.protocol.DailyTotals;
import dev.contentpay.protocol.JudgeRequest;
import dev.contentpay.protocol.JudgeResponse;
import dev.contentpay.protocol.JudgementBatch;
import dev.contentpay.protocol.JudgementBatchResponse;
import dev.contentpay.protocol.PaymentNotice;
import dev.contentpay.protocol.PaymentNoticeBatch;
import dev.contentpay.protocol.PaymentNoticeBatchResponse;
import dev.contentpay.protocol.PaymentNoticeResponse;
import dev.contentpay.protocol.RefundRequest;
import dev.contentpay.protocol.RefundResponse;
import dev.contentpay.protocol.VoidRequest;
import dev.contentpay.protocol.VoidResponse;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The dedicated line to the issuer's merchant face (means of communication 65, [0045]). Every call
 * carries a client assertion signed with settlement's key, so the issuer knows which merchant
 * asks; answers in problem+json arrive as {@code ContentpayException}s with the issuer's code, and
 * silence beyond the client's time-out as {@code auth_unavailable}.
 */
public final class IssuerClient {

    static final String JUDGEMENT_BATCHES = "/v1/merchant/judgement-batches";
    /**
     * Judgement batches on the line at once: one. A batch then carries every judgement asked for
     * while the one before was answered (about six at 280 purchases a second); with four at once
     * the batches held two or three and a purchase cost 15 to 30 % more CPU (BENCHMARKS.md,
     * "Judgements in batches").
     */
    static final int JUDGEMENT_BATCHES_IN_FLIGHT = 1;
    /**
     * The most bytes of judgements a batch carries: auth accepts request bodies of 64 KiB
     * ({@code WebServer.MAX_BODY_BYTES}), and a judgement is about a kilobyte (its approval token
     * most of it), so a hundred do not fit; this leaves room for the batch's own JSON.
     */
    static final long BATCH_BYTES = dev.contentpay.platform.http.WebServer.MAX_BODY_BYTES - 4096;
    static final String PAYMENT_NOTICES = "/v1/merchant/payment-notices";
    static final String PAYMENT_NOTICE_BATCHES = "/v1/merchant/payment-notice-batches";
    static final String REFUNDS = "/v1/merchant/refunds";
    static final String VOIDS = "/v1/merchant/voids";
    static final String DAILY_TOTALS = "/v1/merchant/daily-totals";

    private final ServiceClient client;
    private final ServiceClient slowClient;
    private final Batcher<JudgementBatch.Item, JudgeResponse> judgements;

    /**
     * {@code client} waits {@code auth.timeout}, the time a buyer may wait; {@code slowClient} is for
     * the operator's reconciliation, which may read a whole day and has nobody waiting at a till.
     */
    public IssuerClient(ServiceClient client, ServiceClient slowClient) {
        this.client = client;
        this.slowClient = slowClient;
        this.judgements = new Batcher<>("judgement-batch", this::judgeAll, JudgementBatch.MAX_JUDGEMENTS, IssuerClient::bytesOf,
                BATCH_BYTES, JUDGEMENT_BATCHES_IN_FLIGHT, client.timeout(), ErrorCode.AUTH_UNAVAILABLE);
    }

    /**
     * Asks the issuer to judge an approval ([0066]-[0069]); the same key returns the same verdict.
     * Judgements asked for at the same time travel together ({@link Batcher}): one exchange and one
     * line binding for the batch, each judgement answered on its own, a refusal as the issuer's
     * {@code ContentpayException}, silence as {@code auth_unavailable} within {@code auth.timeout}.
     */
    public JudgeResponse judge(JudgeRequest request, String idempotencyKey) {
        String trace = Trace.current();
        return judgements.call(new JudgementBatch.Item(idempotencyKey, request, trace == null ? null : Trace.traceparent(trace)));
    }

    /** About what a judgement adds to a batch's body: its token and key, and 200 bytes for the rest of its JSON. */
    private static long bytesOf(JudgementBatch.Item item) {
        return item.request().approval().length() + item.idempotencyKey().length() + item.request().orderId().length() + 200L;
    }

    /**
     * Sends judgements in one exchange; each item's answer, in order. The batch's key is derived
     * from its items' keys, so the same batch sent again is the same request.
     */
    private List<Batcher.Answer<JudgeResponse>> judgeAll(List<JudgementBatch.Item> items) {
        String key = "judgements-" + ClientAssertions.sha256Hex(String.join(" ", items.stream().map(JudgementBatch.Item::idempotencyKey).toList()));
        var answer = client.post(JUDGEMENT_BATCHES, new JudgementBatch(items), key, JudgementBatchResponse.class);
        if (answer == null || answer.results() == null || answer.results().size() != items.size()) {
            throw new ContentpayException(ErrorCode.AUTH_UNAVAILABLE, "The issuer's answer to a batch of " + items.size()
                    + " judgements did not hold one result each.");
        }
        var answers = new ArrayList<Batcher.Answer<JudgeResponse>>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JudgementBatchResponse.Result r = answer.results().get(i);
            if (r == null || !items.get(i).idempotencyKey().equals(r.idempotencyKey())) {
                throw new ContentpayException(ErrorCode.AUTH_UNAVAILABLE, "The issuer's answer to a batch of judgements is out of order.");
            }
            answers.add(r.problem() != null ? Batcher.Answer.failed(ServiceClient.problemOf(r.problem(), r.problem().status(), ErrorCode.AUTH_UNAVAILABLE))
                    : r.status() == 200 && r.allowance() != null ? Batcher.Answer.of(r.allowance())
                    : Batcher.Answer.failed(new ContentpayException(ErrorCode.ALLOWANCE_INVALID)));
        }
        return answers;
    }

    /** Sends a payment notice ([0072]-[0073]); the issuer applies it once per allowance. */
    public PaymentNoticeResponse notify(PaymentNotice notice, String idempotencyKey) {
        return client.post(PAYMENT_NOTICES, notice, idempotencyKey, PaymentNoticeResponse.class);
    }

    /** Sends several payment notices in one exchange; the issuer answers each on its own, in order. */
    public PaymentNoticeBatchResponse notifyAll(PaymentNoticeBatch batch, String idempotencyKey) {
        return client.post(PAYMENT_NOTICE_BATCHES, batch, idempotencyKey, PaymentNoticeBatchResponse.class);
    }

    /** Tells the issuer about a refund; it credits the buyer once per refund and answers the same for every repeat. */
    public RefundResponse refund(RefundRequest refund, String idempotencyKey) {
        return client.post(REFUNDS, refund, idempotencyKey, RefundResponse.class);
    }

    /** Answers a reversal the issuer opened: accept or contest; the same answer again answers the same. */
    public dev.contentpay.protocol.ReversalView answerReversal(dev.contentpay.protocol.ReversalAnswer answer, String idempotencyKey) {
        return client.post("/v1/merchant/reversal-answers", answer, idempotencyKey, dev.contentpay.protocol.ReversalView.class);
    }

    /** Asks the issuer to void an approval we will never settle ([0071]). */
    public VoidResponse voidApproval(VoidRequest request, String idempotencyKey) {
        return client.post(VOIDS, request, idempotencyKey, VoidResponse.class);
    }

    /** The issuer's feed of events for this merchant after {@code after} (from the first when null). */
    public dev.contentpay.protocol.IssuerEvent.Page events(String after, int limit) {
        return slowClient.get("/v1/merchant/events?limit=" + limit + (after == null ? "" : "&after=" + after), dev.contentpay.protocol.IssuerEvent.Page.class);
    }

    /** The issuer's charges and refunds of this merchant on one UTC day, for reconciliation. */
    public DailyTotals dailyTotals(LocalDate date) {
        return slowClient.get(DAILY_TOTALS + "?date=" + date, DailyTotals.class);
    }
}
