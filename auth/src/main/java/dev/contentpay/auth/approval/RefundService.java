package dev.contentpay.auth.approval;

import dev.contentpay.auth.approval.Approval;
import dev.contentpay.auth.approval.ApprovalStore;
import dev.contentpay.auth.approval.BudgetStore;
import dev.contentpay.auth.audit.AuditLog;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.RefundRequest;
import dev.contentpay.protocol.RefundResponse;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;

/**
 * A merchant's refund of part or all of a charged settlement, applied once per refund id: the
 * refunded amount is given back to the subscriber's budget (a prepaid balance or points grow
 * again), a refund entry of that amount joins the member use information, so both statements and
 * the merchant's daily totals show it, and the points the charge earned are taken back in
 * proportion. Refunds of one charge may follow one another until they add up to it; one beyond
 * that is {@code refund_exceeds_remaining}. A repeat of a refund gets the same answer. Each refund
 * applied is owed to the merchant as a {@code refund.applied} event, recorded in its transaction.
 */
public final class RefundService {

    private static final Logger LOG = LoggerFactory.getLogger(RefundService.class);

    private final Database db;
    private final ApprovalStore approvalStore;
    private final BudgetStore budgets;
    private final AuditLog audit;
    private final Clock clock;
    private final dev.contentpay.auth.event.MerchantEvents events;

    public RefundService(Database db, ApprovalStore approvalStore, BudgetStore budgets, AuditLog audit, Clock clock,
                         dev.contentpay.auth.event.MerchantEvents events) {
        this.events = events;
        this.db = db;
        this.approvalStore = approvalStore;
        this.budgets = budgets;
        this.audit = audit;
        this.clock = clock;
    }

    public RefundResponse refund(String merchantId, RefundRequest request) {
        Approval refunded = db.inTransaction(h -> {
            Approval a = approvalStore.findByAllowance(h, request.allowanceId())
                    .filter(found -> found.merchantId().equals(merchantId))
                    // Only a settlement the merchant's payment notice charged is refunded: a refund naming
                    // another (or none) is not one settlement recorded.
                    .filter(found -> found.settlementId() == null || found.settlementId().equals(request.settlementId()))
                    .orElseThrow(() -> new ContentpayException(ErrorCode.NOT_FOUND, "No allowance with this id and settlement was given to this merchant."));
            if (!a.amount().currency().equals(request.amount().currency())) {
                throw new ContentpayException(ErrorCode.AMOUNT_MISMATCH, "A refund is in the charge's currency, " + a.amount().currency() + ".");
            }
            if (earlier(h, merchantId, a, request)) return a;
            switch (a.status()) {
                case ALLOWED -> throw new ContentpayException(ErrorCode.PAYMENT_NOT_CHARGED);
                case CHARGED, REFUNDED -> { }
                default -> throw new ContentpayException(ErrorCode.APPROVAL_INVALID, "The allowance is " + a.status().name().toLowerCase() + "; there is no charge to refund.");
            }
            if (!give(h, a, merchantId, request.refundId(), request.amount(), request.refundedAt(), true)) {
                if (earlier(h, merchantId, a, request)) return a;
                throw new IllegalStateException("refund " + request.refundId() + " was recorded and then not found");
            }
            LOG.info("allowance {} refunded {} of {}, refund {}", a.allowanceId(), request.amount(), a.amount(), request.refundId());
            return a;
        });
        return new RefundResponse(request.refundId(), refunded.allowanceId(), "refunded", request.amount());
    }

    /**
     * Gives back {@code amount} of {@code a}'s charge as the refund {@code refundId}, in the caller's
     * transaction: the refund entry, the approval's refunded amount (never above its charge:
     * {@code refund_exceeds_remaining}), the subscriber's budget, the points in proportion and the
     * audit entry. False, and nothing changed, when a refund of that id was applied before. The
     * merchant's refunds announce themselves as {@code refund.applied}; a reversal's refund is
     * announced by its {@code reversal.decided} event instead ({@code announce} false).
     */
    public boolean give(Handle h, Approval a, String actor, String refundId, Money amount, Instant occurredAt, boolean announce) {
        Instant now = clock.instant();
        // The entry first: its unique key makes a concurrent repeat of this refund wait for us and then add nothing.
        if (!approvalStore.addRefundEntry(h, a, amount.amount(), now, occurredAt, refundId)) return false;
        if (!approvalStore.refund(h, a.id(), amount.amount())) {
            throw new ContentpayException(ErrorCode.REFUND_EXCEEDS_REMAINING, "Of the charge of " + a.amount() + ", "
                    + Money.of(a.amount().amount() - approvalStore.refunded(h, a.id()), a.amount().currency()) + " remains to refund.");
        }
        if (!budgets.refund(h, a.subscriberId(), a.period(), amount.amount())) {
            throw new IllegalStateException("allowance " + a.allowanceId() + " is CHARGED but its charge is missing");
        }
        h.afterCommit(dev.contentpay.auth.observe.AuthMetrics::refunded);
        audit.record(h, AuditLog.Kind.REFUNDED, actor, a.subscriberId(), a.merchantId(), a.id(), amount, "refund " + refundId);
        revokePoints(h, a, now, occurredAt, refundId);
        if (announce) events.refundApplied(h, a, refundId, amount, Money.of(approvalStore.refunded(h, a.id()), a.amount().currency()));
        return true;
    }

    /**
     * True when this refund was applied before, so its repeat answers the same; a refund id the
     * merchant used for another allowance or amount is refused rather than applied or confirmed.
     */
    private boolean earlier(Handle h, String merchantId, Approval a, RefundRequest request) {
        var entry = approvalStore.refundEntry(h, merchantId, request.refundId());
        if (entry.isEmpty()) return false;
        if (!entry.get().approvalId().equals(a.id()) || !entry.get().amount().equals(request.amount())) {
            throw new ContentpayException(ErrorCode.AMOUNT_MISMATCH, "Refund " + request.refundId() + " was applied to "
                    + entry.get().amount() + " of another charge or for another amount.");
        }
        return true;
    }

    /**
     * Takes back, in the refund's transaction and after the refund was given back, the share of
     * the points the charge earned that this refund's share of the price stands for. The points
     * taken back by all refunds of a charge so far are always the points earned times the amount
     * refunded so far divided by the price, rounded down (integer arithmetic); each refund takes
     * what that adds. So they never add up to more than was earned, and a charge refunded in full
     * has taken back exactly what it earned. Points already spent are so taken from what the refund
     * gives back, which always covers them: a refund's share is at most its amount (points earn at
     * most 100 %).
     */
    private void revokePoints(Handle h, Approval a, Instant now, Instant occurredAt, String refundId) {
        long earned = approvalStore.useEntryAmount(h, a.id(), PaymentNoticeService.POINTS_EARNED).orElse(earnedBeforeEntries(h, a));
        if (earned == 0) return;
        long due = Math.multiplyExact(earned, approvalStore.refunded(h, a.id())) / a.amount().amount();
        long taken = due - approvalStore.useEntrySum(h, a.id(), "POINTS_REVOKED");
        if (taken <= 0) return;
        if (!budgets.lowerCap(h, a.subscriberId(), a.period(), taken)) {
            throw new IllegalStateException("the points allowance " + a.allowanceId() + " earned cannot be taken back from its refund");
        }
        approvalStore.addUseEntry(h, a, "POINTS_REVOKED", taken, now, occurredAt, refundId);
        audit.record(h, AuditLog.Kind.POINTS_REVOKED, "auth", a.subscriberId(), a.merchantId(), a.id(),
                Money.of(taken, a.amount().currency()), "refund " + refundId);
    }

    /** Charges made before points earned were kept as entries have them in the audit log alone. */
    private long earnedBeforeEntries(Handle h, Approval a) {
        if (!BudgetStore.POINTS_PERIOD.equals(a.period())) return 0;
        return audit.pointsEarned(h, a.id());
    }
}
