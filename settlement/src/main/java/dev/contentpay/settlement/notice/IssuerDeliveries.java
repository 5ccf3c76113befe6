package dev.contentpay.settlement.notice;

import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.protocol.PaymentNotice;
import dev.contentpay.protocol.PaymentNoticeBatch;
import dev.contentpay.protocol.PaymentNoticeBatchResponse;
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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

    /** One notice's outcome in a batch: delivered, or refused by the issuer with a stable error code. */
    public record Outcome(Delivered delivered, String refusedWith) {
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
        Settlement s = settlementOf(m);
        PaymentNoticeResponse answer = issuer.notify(noticeOf(s), m.idempotencyKey());
        return charged(s, answer.status());
    }

    /**
     * Sends payment notices (messages of kind {@code NOTICE}) in one exchange. Each message's
     * outcome, in the order given: delivered, or refused with the issuer's code. Silence or a refusal of the whole call is thrown, for every
     * message alike. The idempotency key is derived from the messages' own keys, so a retry of the
     * same batch is the same request.
     */
    public List<Outcome> notices(List<OutboxMessage> messages) {
        var settled = new ArrayList<Settlement>(messages.size());
        for (OutboxMessage m : messages) {
            if (m.kind() != OutboxMessage.Kind.NOTICE) throw new IllegalArgumentException("not a payment notice: " + m.id());
            settled.add(settlementOf(m));
        }
        String key = "notices-" + ClientAssertions.sha256Hex(String.join(" ", messages.stream().map(OutboxMessage::idempotencyKey).toList()));
        var answer = issuer.notifyAll(new PaymentNoticeBatch(settled.stream().map(IssuerDeliveries::noticeOf).toList()), key);
        if (answer == null || answer.results() == null || answer.results().size() != settled.size()) {
            throw new ContentpayException(ErrorCode.AUTH_UNAVAILABLE, "The issuer answered a batch of payment notices with the wrong number of results.");
        }
        var outcomes = new ArrayList<Outcome>(settled.size());
        for (int i = 0; i < settled.size(); i++) {
            Settlement s = settled.get(i);
            PaymentNoticeBatchResponse.Result r = answer.results().get(i);
            if (r == null || !s.allowanceId().equals(r.allowanceId())) {
                outcomes.add(new Outcome(null, ErrorCode.AUTH_UNAVAILABLE.code()));
            } else if (PaymentNoticeBatchResponse.REFUSED.equals(r.status())) {
                outcomes.add(new Outcome(null, ErrorCode.fromCode(r.code()).code()));
            } else {
                outcomes.add(new Outcome(charged(s, r.status()), null));
            }
        }
        return outcomes;
    }

    private Settlement settlementOf(OutboxMessage m) {
        return settlements.find(m.settlementId())
                .orElseThrow(() -> new IllegalStateException("outbox " + m.id() + " names a missing settlement"));
    }

    private static PaymentNotice noticeOf(Settlement s) {
        return new PaymentNotice(s.allowanceId(), s.id(), s.amount(), s.settledAt());
    }

    private static Delivered charged(Settlement s, String answered) {
        var data = base(s.id(), s.allowanceId());
        data.put("amount", EventLog.money(s.amount()));
        return new Delivered(status(answered, "charged"), EventType.CHARGED, data);
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
