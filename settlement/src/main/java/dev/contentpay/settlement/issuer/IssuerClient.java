package dev.contentpay.settlement.issuer;

import dev.contentpay.platform.http.ServiceClient;
import dev.contentpay.protocol.JudgeRequest;
import dev.contentpay.protocol.JudgeResponse;
import dev.contentpay.protocol.PaymentNotice;
import dev.contentpay.protocol.PaymentNoticeResponse;

/**
 * The dedicated line to the issuer's merchant face (means of communication 65, [0045]). Every call
 * carries a client assertion signed with settlement's key, so the issuer knows which merchant
 * asks; answers in problem+json arrive as {@code ContentpayException}s with the issuer's code, and
 * silence beyond {@code auth.timeout} as {@code auth_unavailable}.
 */
public final class IssuerClient {

    static final String JUDGEMENTS = "/v1/merchant/judgements";
    static final String PAYMENT_NOTICES = "/v1/merchant/payment-notices";

    private final ServiceClient client;

    public IssuerClient(ServiceClient client) {
        this.client = client;
    }

    /** Asks the issuer to judge an approval ([0066]-[0069]); the same key returns the same verdict. */
    public JudgeResponse judge(JudgeRequest request, String idempotencyKey) {
        return client.post(JUDGEMENTS, request, idempotencyKey, JudgeResponse.class);
    }

    /** Sends a payment notice ([0072]-[0073]); the issuer applies it once per allowance. */
    public PaymentNoticeResponse notify(PaymentNotice notice, String idempotencyKey) {
        return client.post(PAYMENT_NOTICES, notice, idempotencyKey, PaymentNoticeResponse.class);
    }
}
