package dev.contentpay.settlement.webhook;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.protocol.IssuerEvent;
import dev.contentpay.protocol.IssuerEventAnswer;
import dev.contentpay.settlement.events.EventLog;
import dev.contentpay.settlement.events.EventType;
import dev.contentpay.settlement.issuer.IssuerClient;
import dev.contentpay.settlement.ledger.SettlementStore;
import dev.contentpay.settlement.refund.RefundStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Applies the issuer's events once each by event id, however often and in whatever order they
 * come (a webhook retried, the same event pulled from the issuer's feed): its row in
 * {@code issuer_event} and its entry in the event feed commit together, and a later copy finds the
 * row and changes nothing. None of them changes a settlement: a voided allowance whose
 * settlement we hold has a payment notice still on its way, which charges it after all ([0071],
 * auth's late notice); a refund applied is the merchant's own refund confirmed (settlement
 * records every refund before it tells the issuer); an expired approval was never settled here.
 * A reversal's events are kept by {@link dev.contentpay.settlement.reversal.ReversalService#apply},
 * which records the refund of a decided one that gave money back.
 * Each is recorded with what it found, for reconciliation.
 */
public final class IssuerEventService {

    private static final Logger LOG = LoggerFactory.getLogger(IssuerEventService.class);
    /** No event is older than the system: a number of seconds read as a time lands in 1970. */
    private static final Instant EARLIEST = Instant.parse("2001-01-01T00:00:00Z");

    private final Database db;
    private final IssuerEventStore store;
    private final SettlementStore settlements;
    private final RefundStore refunds;
    private final EventLog events;
    private final String merchantId;
    private final Clock clock;
    private final dev.contentpay.settlement.reversal.ReversalService reversals;
    private final dev.contentpay.platform.crypto.Environment environment;

    /** {@code environment}: this server's; an event marked with the other is refused with {@code sandbox_token}. */
    public IssuerEventService(Database db, IssuerEventStore store, SettlementStore settlements, RefundStore refunds, EventLog events,
                              String merchantId, Clock clock, dev.contentpay.settlement.reversal.ReversalService reversals,
                              dev.contentpay.platform.crypto.Environment environment) {
        this.reversals = reversals;
        this.environment = environment;
        this.db = db;
        this.store = store;
        this.settlements = settlements;
        this.refunds = refunds;
        this.events = events;
        this.merchantId = merchantId;
        this.clock = clock;
    }

    /** Applies one event; {@code applied} the first time, {@code duplicate} after. */
    public IssuerEventAnswer apply(IssuerEvent e) {
        check(e);
        Instant now = clock.instant();
        var matchedOnce = new String[1];
        boolean first = db.inTransaction(h -> {
            // A reversal's event is applied in the transaction that records it. Applying one again changes
            // nothing (its state only moves forward, its refund is recorded once), so a copy of the event is harmless.
            String matched = e.reversal() == null ? matched(e) : reversals.apply(h, e.reversal());
            matchedOnce[0] = matched;
            if (!store.record(h, e, matched, now)) return false;
            var data = new LinkedHashMap<String, Object>();
            data.put("eventId", e.id());
            data.put("type", e.type());
            data.put("approvalId", e.approvalId());
            if (e.allowanceId() != null) data.put("allowanceId", e.allowanceId());
            if (e.refundId() != null) data.put("refundId", e.refundId());
            if (e.reversal() != null) data.put("reversalId", e.reversal().id());
            if (e.amount() != null) data.put("amount", EventLog.money(e.amount()));
            data.put("matched", matched);
            events.append(h, EventType.ISSUER_EVENT, e.approvalId(), now, data);
            return true;
        });
        if (first) LOG.info("issuer event {} ({}) for approval {} applied: {}", e.id(), e.type(), e.approvalId(), matchedOnce[0]);
        else LOG.debug("issuer event {} came again; it was applied before", e.id());
        return new IssuerEventAnswer(e.id(), first ? IssuerEventAnswer.APPLIED : IssuerEventAnswer.DUPLICATE);
    }

    /** Pulls one page of the issuer's feed after {@code after} and applies each event once. */
    public Replay replay(IssuerClient issuer, String after, int limit) {
        if (after != null && !Ids.isWellFormed(after)) throw ContentpayException.invalid("after", "must be an event id");
        if (limit < 1 || limit > 1000) throw ContentpayException.invalid("limit", "must be 1 to 1000");
        IssuerEvent.Page page = issuer.events(after, limit);
        var answers = new ArrayList<IssuerEventAnswer>();
        for (IssuerEvent e : page.events()) answers.add(apply(e));
        return new Replay(answers, page.next());
    }

    /** What a replay applied, in the feed's order, and the id to replay after next (null at the end). */
    public record Replay(List<IssuerEventAnswer> events, String next) {
    }

    private void check(IssuerEvent e) {
        if (!environment.marks(e.env())) throw new ContentpayException(dev.contentpay.platform.error.ErrorCode.SANDBOX_TOKEN);
        if (e.id() == null || !Ids.isWellFormed(e.id()) || e.id().length() > 64) throw ContentpayException.invalid("id", "must be an event id");
        if (e.type() == null || !IssuerEvent.TYPES.contains(e.type())) throw ContentpayException.invalid("type", "must be one of " + IssuerEvent.TYPES);
        if (!merchantId.equals(e.merchantId())) throw ContentpayException.invalid("merchantId", "must be this merchant's id");
        if (e.approvalId() == null || !Ids.isWellFormed(e.approvalId()) || e.approvalId().length() > 64) {
            throw ContentpayException.invalid("approvalId", "must be an approval id");
        }
        if (e.occurredAt() == null || e.occurredAt().isBefore(EARLIEST) || e.occurredAt().isAfter(clock.instant().plus(java.time.Duration.ofDays(1)))) {
            throw ContentpayException.invalid("occurredAt", "must be the time the issuer made the event, as RFC 3339");
        }
        if (e.allowanceId() != null && (!Ids.isWellFormed(e.allowanceId()))) throw ContentpayException.invalid("allowanceId", "must be an id");
        if (e.settlementId() != null && (!Ids.isWellFormed(e.settlementId()) || e.settlementId().length() > 64)) {
            throw ContentpayException.invalid("settlementId", "must be an id");
        }
        if (e.refundId() != null && (!Ids.isWellFormed(e.refundId()) || e.refundId().length() > 64)) throw ContentpayException.invalid("refundId", "must be an id");
        if (e.amount() != null && (e.amount().currency() == null || e.amount().currency().length() != 3)) {
            throw ContentpayException.invalid("amount", "must be an amount in a currency");
        }
        checkReversal(e);
    }

    private void checkReversal(IssuerEvent e) {
        boolean aboutReversal = IssuerEvent.REVERSAL_OPENED.equals(e.type()) || IssuerEvent.REVERSAL_DECIDED.equals(e.type());
        var r = e.reversal();
        if (aboutReversal != (r != null)) throw ContentpayException.invalid("reversal", "is given for reversal.opened and reversal.decided only");
        if (r == null) return;
        if (r.id() == null || !Ids.isWellFormed(r.id()) || r.id().length() > 64) throw ContentpayException.invalid("reversal.id", "must be a reversal id");
        if (!e.approvalId().equals(r.approvalId())) throw ContentpayException.invalid("reversal.approvalId", "must be the event's approval");
        if (r.status() == null || !dev.contentpay.protocol.ReversalView.STATUSES.contains(r.status())) {
            throw ContentpayException.invalid("reversal.status", "must be one of " + dev.contentpay.protocol.ReversalView.STATUSES);
        }
        if (r.reason() == null || !dev.contentpay.protocol.ReversalView.REASONS.contains(r.reason())) {
            throw ContentpayException.invalid("reversal.reason", "must be one of " + dev.contentpay.protocol.ReversalView.REASONS);
        }
        if (r.amount() == null || !r.amount().isPositive() || r.openedAt() == null) {
            throw ContentpayException.invalid("reversal", "must have a positive amount and the time it was opened");
        }
        if (r.refunded() != null && (r.refunded().amount() < 0 || r.refunded().amount() > r.amount().amount()
                || !r.refunded().currency().equals(r.amount().currency()))) {
            throw ContentpayException.invalid("reversal.refunded", "must be at most the reversal's amount, in its currency");
        }
        if (r.settlementId() != null && (!Ids.isWellFormed(r.settlementId()) || r.settlementId().length() > 64)) {
            throw ContentpayException.invalid("reversal.settlementId", "must be an id");
        }
    }

    private String matched(IssuerEvent e) {
        return switch (e.type()) {
            case IssuerEvent.ALLOWANCE_VOIDED -> e.allowanceId() != null && settlements.findByAllowance(e.allowanceId()).isPresent() ? "settled" : "unsettled";
            case IssuerEvent.REFUND_APPLIED -> e.refundId() != null && refunds.find(e.refundId()).isPresent() ? "confirmed" : "unknown";
            default -> "recorded";
        };
    }
}
