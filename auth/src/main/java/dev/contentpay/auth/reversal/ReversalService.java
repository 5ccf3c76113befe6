package dev.contentpay.auth.reversal;

import dev.contentpay.auth.approval.Approval;
import dev.contentpay.auth.approval.ApprovalStore;
import dev.contentpay.auth.approval.RefundService;
import dev.contentpay.auth.audit.AuditLog;
import dev.contentpay.auth.event.MerchantEvents;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.ReversalAnswer;
import dev.contentpay.protocol.ReversalView;
import dev.contentpay.protocol.admin.OpenReversalRequest;
import dev.contentpay.protocol.admin.ReversalDecisionRequest;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Reversals the issuer starts on a charged purchase (docs/AUTH.md, "Reversals"). The issuer's
 * operator opens one against an allowance for a reason from {@link ReversalView#REASONS}; the
 * merchant learns of it by {@code reversal.opened} and answers over the dedicated line: it accepts
 * (the money goes back at once) or contests with a note, and the issuer decides a contested one:
 * upheld (money back) or rejected. Money goes back as the refund whose id is the reversal's id,
 * through {@link RefundService#give}, so it is applied once, never beyond what remains of the
 * charge, and shows on the statements like any refund; the merchant's settlement records the same
 * refund id when it learns of it. Each step is audited and each decision is a {@code reversal.decided}
 * event, both in the step's transaction.
 */
public final class ReversalService {

    private static final Logger LOG = LoggerFactory.getLogger(ReversalService.class);
    /** The most reversals one list answers. */
    static final int MAX_LIST = 500;

    private final Database db;
    private final ReversalStore store = new ReversalStore();
    private final ApprovalStore approvals;
    private final RefundService refunds;
    private final AuditLog audit;
    private final MerchantEvents events;
    private final Clock clock;

    public ReversalService(Database db, ApprovalStore approvals, RefundService refunds, AuditLog audit, MerchantEvents events, Clock clock) {
        this.db = db;
        this.approvals = approvals;
        this.refunds = refunds;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** Opens a reversal of the charge of {@code request}'s allowance; {@code actor} is who opened it (the operator). */
    public ReversalView open(String actor, OpenReversalRequest request) {
        if (!ReversalView.REASONS.contains(request.reason())) throw new ContentpayException(ErrorCode.REVERSAL_REASON_UNKNOWN);
        Instant now = clock.instant();
        String id = Ids.random("rev");
        ReversalView opened = db.inTransaction(h -> {
            Approval a = approvals.findByAllowance(h, request.allowanceId())
                    .orElseThrow(() -> new ContentpayException(ErrorCode.NOT_FOUND, "No allowance has this id."));
            switch (a.status()) {
                case CHARGED, REFUNDED -> { }
                case ALLOWED -> throw new ContentpayException(ErrorCode.PAYMENT_NOT_CHARGED, "The allowance is not charged yet; there is nothing to reverse.");
                default -> throw new ContentpayException(ErrorCode.APPROVAL_INVALID, "The allowance is " + a.status().name().toLowerCase() + "; there is no charge to reverse.");
            }
            if (request.amount() != null && !request.amount().currency().equals(a.amount().currency())) {
                throw new ContentpayException(ErrorCode.AMOUNT_MISMATCH, "A reversal is in the charge's currency, " + a.amount().currency() + ".");
            }
            long remaining = a.amount().amount() - approvals.refunded(h, a.id());
            long asked = request.amount() == null ? remaining : request.amount().amount();
            if (asked <= 0 || asked > remaining) {
                throw new ContentpayException(ErrorCode.REFUND_EXCEEDS_REMAINING, "Of the charge of " + a.amount() + ", "
                        + Money.of(remaining, a.amount().currency()) + " remains to reverse.");
            }
            if (!store.insert(h, id, a.id(), a.merchantId(), a.subscriberId(), request.reason(), Money.of(asked, a.amount().currency()), actor, now)) {
                throw new ContentpayException(ErrorCode.REVERSAL_OPEN, "Reversal " + store.openOf(h, a.id()).map(ReversalView::id).orElse("?")
                        + " of this purchase is open.");
            }
            ReversalView r = store.find(h, id).orElseThrow();
            audit.record(h, AuditLog.Kind.REVERSAL_OPENED, actor, a.subscriberId(), a.merchantId(), a.id(), r.amount(),
                    "reversal " + id + ", reason " + r.reason());
            events.reversalOpened(h, a, r);
            return r;
        });
        LOG.info("reversal {} of allowance {} opened for {} ({})", id, request.allowanceId(), opened.amount(), opened.reason());
        return opened;
    }

    /**
     * The merchant's answer: accepting gives the money back at once, contesting passes the note to
     * the issuer. The same answer again answers the same; any answer to one answered otherwise is
     * {@code reversal_not_open}.
     */
    public ReversalView answer(String merchantId, ReversalAnswer answer) {
        Instant now = clock.instant();
        return db.inTransaction(h -> {
            ReversalView r = store.find(h, answer.reversalId()).filter(found -> found.merchantId().equals(merchantId))
                    .orElseThrow(() -> new ContentpayException(ErrorCode.REVERSAL_NOT_FOUND));
            boolean accept = ReversalAnswer.ACCEPT.equals(answer.answer());
            if (accept && ReversalView.ACCEPTED.equals(r.status())) return r.forMerchant();
            if (!accept && ReversalView.CONTESTED.equals(r.status()) && r.note().equals(answer.note())) return r.forMerchant();
            if (!ReversalView.OPENED.equals(r.status())) throw new ContentpayException(ErrorCode.REVERSAL_NOT_OPEN, "Reversal " + r.id() + " is " + r.status()
                    + "; only an open reversal is accepted or contested.");
            if (accept) return giveBack(h, r, "OPENED", ReversalView.ACCEPTED, r.amount().amount(), merchantId, null, now).forMerchant();
            if (!store.contest(h, r.id(), answer.note(), now)) throw new ContentpayException(ErrorCode.REVERSAL_NOT_OPEN);
            audit.record(h, AuditLog.Kind.REVERSAL_CONTESTED, merchantId, r.subscriberId(), merchantId, r.approvalId(), r.amount(),
                    "reversal " + r.id() + ": " + answer.note());
            LOG.info("reversal {} contested by merchant {}", r.id(), merchantId);
            return store.find(h, r.id()).orElseThrow().forMerchant();
        });
    }

    /** The issuer's decision on a contested reversal. */
    public ReversalView decide(String actor, String id, ReversalDecisionRequest decision) {
        Instant now = clock.instant();
        return db.inTransaction(h -> {
            ReversalView r = store.find(h, id).orElseThrow(() -> new ContentpayException(ErrorCode.REVERSAL_NOT_FOUND));
            if (!ReversalView.CONTESTED.equals(r.status())) {
                throw new ContentpayException(ErrorCode.REVERSAL_NOT_CONTESTED, "Reversal " + r.id() + " is " + r.status()
                        + "; only a contested reversal is decided by the issuer.");
            }
            if (ReversalView.REJECTED.equals(decision.outcome())) {
                return giveBack(h, r, "CONTESTED", ReversalView.REJECTED, 0, actor, decision.note(), now);
            }
            Money asked = decision.amount() == null ? r.amount() : decision.amount();
            if (!asked.currency().equals(r.amount().currency()) || asked.amount() > r.amount().amount()) {
                throw ContentpayException.invalid("amount", "must be at most the reversal's " + r.amount());
            }
            return giveBack(h, r, "CONTESTED", ReversalView.UPHELD, asked.amount(), actor, decision.note(), now);
        });
    }

    /**
     * Closes {@code r} (in {@code from}) as {@code to} and gives back {@code asked}, or what remains
     * of the charge when merchant refunds made since it was opened left less: the refund is never
     * more than remains, by the same conditional update that bounds every refund.
     */
    private ReversalView giveBack(Handle h, ReversalView r, String from, String to, long asked, String actor, String note, Instant now) {
        store.lockApproval(h, r.approvalId());
        Approval a = approvals.find(h, r.approvalId()).orElseThrow(() -> new IllegalStateException("reversal " + r.id() + " names no approval"));
        long remaining = a.amount().amount() - approvals.refunded(h, a.id());
        long give = Math.min(asked, remaining);
        if (!store.close(h, r.id(), from, to.toUpperCase(java.util.Locale.ROOT), give, note, now)) {
            throw new ContentpayException(ReversalView.CONTESTED.equals(r.status()) ? ErrorCode.REVERSAL_NOT_CONTESTED : ErrorCode.REVERSAL_NOT_OPEN);
        }
        Money given = Money.of(give, a.amount().currency());
        if (give > 0 && !refunds.give(h, a, actor, r.id(), given, now, false)) {
            throw new IllegalStateException("the refund of reversal " + r.id() + " was applied before it was decided");
        }
        AuditLog.Kind kind = AuditLog.Kind.valueOf("REVERSAL_" + to.toUpperCase(java.util.Locale.ROOT));
        audit.record(h, kind, actor, a.subscriberId(), a.merchantId(), a.id(), given, "reversal " + r.id() + (note == null ? "" : ": " + note));
        ReversalView closed = store.find(h, r.id()).orElseThrow();
        events.reversalDecided(h, a, closed, Money.of(approvals.refunded(h, a.id()), a.amount().currency()));
        LOG.info("reversal {} {}: {} given back", r.id(), to, given);
        return closed;
    }

    public ReversalView find(String id) {
        return db.withHandle(h -> store.find(h, id)).orElseThrow(() -> new ContentpayException(ErrorCode.REVERSAL_NOT_FOUND));
    }

    /** Reversals newest first, of one status (null: all), of one merchant (null: all), at most {@code limit}. */
    public List<ReversalView> list(String status, String merchantId, int limit) {
        if (status != null && !ReversalView.STATUSES.contains(status)) throw ContentpayException.invalid("status", "must be one of " + ReversalView.STATUSES);
        if (limit < 1 || limit > MAX_LIST) throw ContentpayException.invalid("limit", "must be 1 to " + MAX_LIST);
        return db.withHandle(h -> store.list(h, status, merchantId, limit));
    }
}
