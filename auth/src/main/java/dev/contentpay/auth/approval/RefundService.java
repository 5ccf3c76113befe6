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
 * A merchant's refund of a charged settlement, in full, applied once per allowance: the charge is
 * taken back from the subscriber's budget (a prepaid balance grows again), a refund entry joins
 * the member use information, and both statements show it; points the charge earned are taken
 * back with it. A repeat gets the same answer.
 */
public final class RefundService {

    private static final Logger LOG = LoggerFactory.getLogger(RefundService.class);

    private final Database db;
    private final ApprovalStore approvalStore;
    private final BudgetStore budgets;
    private final AuditLog audit;
    private final Clock clock;

    public RefundService(Database db, ApprovalStore approvalStore, BudgetStore budgets, AuditLog audit, Clock clock) {
        this.db = db;
        this.approvalStore = approvalStore;
        this.budgets = budgets;
        this.audit = audit;
        this.clock = clock;
    }

    public RefundResponse refund(String merchantId, RefundRequest request) {
        Instant now = clock.instant();
        Approval refunded = db.inTransaction(h -> {
            Approval a = approvalStore.findByAllowance(h, request.allowanceId())
                    .filter(found -> found.merchantId().equals(merchantId))
                    // Only a settlement the merchant's payment notice charged is refunded: a refund naming
                    // another (or none) is not one settlement recorded.
                    .filter(found -> found.settlementId() == null || found.settlementId().equals(request.settlementId()))
                    .orElseThrow(() -> new ContentpayException(ErrorCode.NOT_FOUND, "No allowance with this id and settlement was given to this merchant."));
            if (!a.amount().equals(request.amount())) {
                throw new ContentpayException(ErrorCode.AMOUNT_MISMATCH, "A refund is of the whole charge: " + a.amount() + ".");
            }
            switch (a.status()) {
                case REFUNDED -> {
                    return a;
                }
                case ALLOWED -> throw new ContentpayException(ErrorCode.PAYMENT_NOT_CHARGED);
                case CHARGED -> { }
                default -> throw new ContentpayException(ErrorCode.APPROVAL_INVALID, "The allowance is " + a.status().name().toLowerCase() + "; there is no charge to refund.");
            }
            if (!approvalStore.transition(h, a.id(), Approval.Status.CHARGED, Approval.Status.REFUNDED, null)
                    || !budgets.refund(h, a.subscriberId(), a.period(), a.amount().amount())) {
                throw new IllegalStateException("allowance " + a.allowanceId() + " is CHARGED but its charge is missing");
            }
            approvalStore.addUseEntry(h, a, "REFUND", now, request.refundedAt(), request.refundId());
            h.afterCommit(dev.contentpay.auth.observe.AuthMetrics::refunded);
            audit.record(h, AuditLog.Kind.REFUNDED, merchantId, a.subscriberId(), merchantId, a.id(), a.amount(), "refund " + request.refundId());
            revokePoints(h, a, now, request);
            LOG.info("allowance {} refunded ({}), refund {}", a.allowanceId(), a.amount(), request.refundId());
            return a;
        });
        return new RefundResponse(request.refundId(), refunded.allowanceId(), "refunded", refunded.amount());
    }

    /**
     * Takes back the points the refunded charge earned, in the refund's transaction and after the
     * charge was given back. Points already spent are so taken from what the refund gives back:
     * the refund returns the whole price to the balance and the cap drops by the points earned,
     * which the price always covers (points earn at most 100 %).
     */
    private void revokePoints(Handle h, Approval a, Instant now, RefundRequest request) {
        long earned = approvalStore.useEntryAmount(h, a.id(), PaymentNoticeService.POINTS_EARNED).orElse(earnedBeforeEntries(h, a));
        if (earned == 0) return;
        if (!budgets.lowerCap(h, a.subscriberId(), a.period(), earned)) {
            throw new IllegalStateException("the points allowance " + a.allowanceId() + " earned cannot be taken back from its refund");
        }
        approvalStore.addUseEntry(h, a, "POINTS_REVOKED", earned, now, request.refundedAt(), request.refundId());
        audit.record(h, AuditLog.Kind.POINTS_REVOKED, "auth", a.subscriberId(), a.merchantId(), a.id(),
                Money.of(earned, a.amount().currency()), "refund " + request.refundId());
    }

    /** Charges made before points earned were kept as entries have them in the audit log alone. */
    private long earnedBeforeEntries(Handle h, Approval a) {
        if (!BudgetStore.POINTS_PERIOD.equals(a.period())) return 0;
        return audit.pointsEarned(h, a.id());
    }
}
