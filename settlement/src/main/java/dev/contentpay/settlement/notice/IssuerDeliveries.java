package dev.contentpay.settlement.notice;

import dev.contentpay.protocol.PaymentNotice;
import dev.contentpay.protocol.PaymentNoticeResponse;
import dev.contentpay.protocol.RefundRequest;
import dev.contentpay.protocol.RefundResponse;
import dev.contentpay.protocol.VoidRequest;
import dev.contentpay.protocol.VoidResponse;
import dev.contentpay.settlement.events.EventLog;
import dev.contentpay.settlement.events.EventType;
import dev.contentpay.settlement.issuer.IssuerClient;
import dev.contentpay.settlement.ledger.Settlement;
import dev.contentpay.settlement.ledger.SettlementStore;
import dev.contentpay.settlement.refund.Refund;
import dev.contentpay.settlement.refund.RefundStore;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns an outbox message into the issuer's request, sends it, and says what the acknowledgement
 * means for the event feed. The request is rebuilt from the stored fact on every attempt, so each
 * attempt is byte for byte the same request under the same idempotency key.
 */
public final class IssuerDeliveries {

    /** The issuer's acknowledgement: its status word, and the event that records it. */
    public record Delivered(String result, EventType event, Map<String, Object> data) {
    }

    private final IssuerClient issuer;
    private final SettlementStore settlements;
    private final RefundStore refunds;

    public IssuerDeliveries(IssuerClient issuer, SettlementStore settlements, RefundStore refunds) {
        this.issuer = issuer;
        this.settlements = settlements;
        this.refunds = refunds;
    }

    /** Sends one message; a refusal or silence arrives as a {@code ContentpayException}. */
    public Delivered send(OutboxMessage m) {
        return switch (m.kind()) {
            case NOTICE -> notice(m);
            case REFUND -> refund(m);
            case VOID -> voidApproval(m);
        };
    }

    private Delivered notice(OutboxMessage m) {
        Settlement s = settlements.find(m.settlementId())
                .orElseThrow(() -> new IllegalStateException("outbox " + m.id() + " names a missing settlement"));
        PaymentNoticeResponse answer = issuer.notify(new PaymentNotice(s.allowanceId(), s.id(), s.amount(), s.settledAt()), m.idempotencyKey());
        var data = base(s.id(), s.allowanceId());
        data.put("amount", EventLog.money(s.amount()));
        return new Delivered(status(answer.status(), "charged"), EventType.CHARGED, data);
    }

    private Delivered refund(OutboxMessage m) {
        Refund r = refunds.find(m.subject()).orElseThrow(() -> new IllegalStateException("outbox " + m.id() + " names a missing refund"));
        RefundResponse answer = issuer.refund(new RefundRequest(r.refundId(), r.allowanceId(), r.settlementId(), r.amount(), r.refundedAt()),
                m.idempotencyKey());
        var data = base(r.settlementId(), r.allowanceId());
        data.put("refundId", r.refundId());
        data.put("amount", EventLog.money(r.amount()));
        return new Delivered(status(answer.status(), "refunded"), EventType.REFUND_CONFIRMED, data);
    }

    private Delivered voidApproval(OutboxMessage m) {
        VoidResponse answer = issuer.voidApproval(new VoidRequest(m.subject()), m.idempotencyKey());
        var data = new LinkedHashMap<String, Object>();
        data.put("approvalId", m.subject());
        String status = status(answer.status(), "voided");
        data.put("status", status);
        return new Delivered(status, EventType.VOIDED, data);
    }

    private static LinkedHashMap<String, Object> base(String settlementId, String allowanceId) {
        var data = new LinkedHashMap<String, Object>();
        data.put("settlementId", settlementId);
        data.put("allowanceId", allowanceId);
        return data;
    }

    /** The issuer's status word, kept short and plain because it is stored and shown; a missing one is assumed. */
    private static String status(String answered, String assumed) {
        if (answered == null || answered.isBlank()) return assumed;
        String s = answered.strip();
        return s.length() <= 32 && s.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-') ? s : assumed;
    }
}
