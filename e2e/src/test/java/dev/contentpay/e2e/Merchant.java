package dev.contentpay.e2e;

import dev.contentpay.app.Deployment;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.crypto.TokenSigner;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.ServiceClient;
import dev.contentpay.protocol.ApprovalResponse;
import dev.contentpay.protocol.JudgeRequest;
import dev.contentpay.protocol.JudgeResponse;
import dev.contentpay.protocol.PaymentNotice;
import dev.contentpay.protocol.PaymentNoticeResponse;
import dev.contentpay.protocol.RefundRequest;
import dev.contentpay.protocol.RefundResponse;
import dev.contentpay.protocol.VoidRequest;
import dev.contentpay.protocol.VoidResponse;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * The demo merchant's side of the dedicated line, driven by a test directly: judge, notify, void
 * and refund with the merchant's real settlement key, so auth can be exercised step by step.
 */
final class Merchant {

    private final ServiceClient line;
    private final Clock clock;

    Merchant(Deployment deployment, Path dataDir, Clock clock) {
        this(deployment, dataDir, clock, "settlement", "settlement");
    }

    /**
     * The demo merchant's line with the key in {@code keys/<keyName>.jwk} (settlement's, or the shop's
     * for a test that misuses it) over the client certificate of {@code certificate} (settlement's,
     * or another party's).
     */
    Merchant(Deployment deployment, Path dataDir, Clock clock, String keyName, String certificate) {
        this(deployment, dataDir, clock, Deployment.MERCHANT_ID, keyName, certificate);
    }

    /** The line of the demo's merchant {@code merchantId} (its key files and certificate named as the demo names them). */
    Merchant(Deployment deployment, Path dataDir, Clock clock, String merchantId, String keyName, String certificate) {
        this.clock = clock;
        var key = KeyFiles.loadOrCreate(dataDir.resolve("keys/" + keyName + ".jwk"), merchantId + "-" + keyName.replaceFirst("^.*-", "") + "-1");
        this.line = new ServiceClient(deployment.auth().merchantUrl(), Duration.ofSeconds(10), ErrorCode.AUTH_UNAVAILABLE,
                new ServiceClient.Identity(merchantId, new TokenSigner(key), Deployment.ISSUER_ID), clock,
                dev.contentpay.app.DemoCertificates.in(dataDir.resolve("keys")).context(certificate));
    }

    /** The merchant's daily totals of today, raw. */
    ServiceClient.Response dailyTotals(java.time.LocalDate date) {
        return line.getRaw("/v1/merchant/daily-totals?date=" + date);
    }

    /** A page of the merchant's feed of issuer events, raw. */
    ServiceClient.Response events(String after, int limit) {
        return line.getRaw("/v1/merchant/events?limit=" + limit + (after == null ? "" : "&after=" + after));
    }

    JudgeResponse judge(ApprovalResponse approval) {
        return line.post("/v1/merchant/judgements", new JudgeRequest(approval.approval(), approval.orderId(), approval.amount()),
                UUID.randomUUID().toString(), JudgeResponse.class);
    }

    PaymentNoticeResponse notify(JudgeResponse allowance, String settlementId) {
        return line.post("/v1/merchant/payment-notices", new PaymentNotice(allowance.allowanceId(), settlementId, allowance.amount(), clock.instant()),
                UUID.randomUUID().toString(), PaymentNoticeResponse.class);
    }

    VoidResponse voidApproval(String approvalId) {
        return line.post("/v1/merchant/voids", new VoidRequest(approvalId), UUID.randomUUID().toString(), VoidResponse.class);
    }

    /** Refunds the whole charge as one refund whose id is the allowance's, so asking again is the same refund. */
    RefundResponse refund(JudgeResponse allowance, String settlementId) {
        String refundId = "rfd_" + dev.contentpay.platform.crypto.ClientAssertions.sha256Hex(allowance.allowanceId()).substring(0, 40);
        return refund(allowance, settlementId, refundId, allowance.amount());
    }

    RefundResponse refund(JudgeResponse allowance, String settlementId, String refundId, dev.contentpay.platform.money.Money amount) {
        return refund(allowance.allowanceId(), settlementId, refundId, amount);
    }

    RefundResponse refund(String allowanceId, String settlementId, String refundId, dev.contentpay.platform.money.Money amount) {
        return line.post("/v1/merchant/refunds", new RefundRequest(refundId, allowanceId, settlementId, amount, clock.instant()),
                UUID.randomUUID().toString(), RefundResponse.class);
    }

}
