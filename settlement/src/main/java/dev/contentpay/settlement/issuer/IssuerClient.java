package dev.contentpay.settlement.issuer;

import dev.contentpay.platform.http.ServiceClient;
import dev.contentpay.protocol.DailyTotals;
import dev.contentpay.protocol.JudgeRequest;
import dev.contentpay.protocol.JudgeResponse;
import dev.contentpay.protocol.PaymentNotice;
import dev.contentpay.protocol.PaymentNoticeBatch;
import dev.contentpay.protocol.PaymentNoticeBatchResponse;
import dev.contentpay.protocol.PaymentNoticeResponse;
import dev.contentpay.protocol.RefundRequest;
import dev.contentpay.protocol.RefundResponse;
import dev.contentpay.protocol.VoidRequest;
import dev.contentpay.protocol.VoidResponse;

import java.time.LocalDate;

/**
 * The dedicated line to the issuer's merchant face (means of communication 65, [0045]). Every call
 * carries a client assertion signed with settlement's key, so the issuer knows which merchant
 * asks; answers in problem+json arrive as {@code ContentpayException}s with the issuer's code, and
 * silence beyond the client's time-out as {@code auth_unavailable}.
 */
public final class IssuerClient {

    static final String JUDGEMENTS = "/v1/merchant/judgements";
    static final String PAYMENT_NOTICES = "/v1/merchant/payment-notices";
    static final String PAYMENT_NOTICE_BATCHES = "/v1/merchant/payment-notice-batches";
    static final String REFUNDS = "/v1/merchant/refunds";
    static final String VOIDS = "/v1/merchant/voids";
    static final String DAILY_TOTALS = "/v1/merchant/daily-totals";

    private final ServiceClient client;
    private final ServiceClient slowClient;

    /**
     * {@code client} waits {@code auth.timeout}, the time a buyer may wait; {@code slowClient} is for
     * the operator's reconciliation, which may read a whole day and has nobody waiting at a till.
     */
    public IssuerClient(ServiceClient client, ServiceClient slowClient) {
        this.client = client;
        this.slowClient = slowClient;
    }

    /** Asks the issuer to judge an approval ([0066]-[0069]); the same key returns the same verdict. */
    public JudgeResponse judge(JudgeRequest request, String idempotencyKey) {
        return client.post(JUDGEMENTS, request, idempotencyKey, JudgeResponse.class);
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

    /** Asks the issuer to void an approval we will never settle ([0071]). */
    public VoidResponse voidApproval(VoidRequest request, String idempotencyKey) {
        return client.post(VOIDS, request, idempotencyKey, VoidResponse.class);
    }

    /** The issuer's charges and refunds of this merchant on one UTC day, for reconciliation. */
    public DailyTotals dailyTotals(LocalDate date) {
        return slowClient.get(DAILY_TOTALS + "?date=" + date, DailyTotals.class);
    }
}
