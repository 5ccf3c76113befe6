package dev.contentpay.auth.approval;

import dev.contentpay.auth.approval.Approval;
import dev.contentpay.auth.approval.ApprovalStore;
import dev.contentpay.auth.approval.BudgetStore;
import dev.contentpay.auth.audit.AuditLog;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.protocol.PaymentNotice;
import dev.contentpay.protocol.PaymentNoticeBatch;
import dev.contentpay.protocol.PaymentNoticeBatchResponse;
import dev.contentpay.protocol.PaymentNoticeResponse;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The use information control means 45 ([0073]): applies a merchant's payment notice exactly once,
 * by allowance id. The reservation becomes a charge on the subscriber's account and an entry of
 * member use information (53), which makes the bill. A repeat, in any order, changes nothing and
 * gets the same answer.
 *
 * <p>A notice may come after the sweeper voided its allowance (the merchant settled, then could
 * not reach us for longer than {@code allowance.notice-timeout}). The merchant delivered, so money
 * must follow: the charge is made if the budget still allows it. If it does not, the notice is
 * refused with {@code limit_exceeded}, the merchant's outbox keeps it as a dead letter, and
 * reconciliation lists the settlement until an operator refunds it.
 */
public final class PaymentNoticeService {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentNoticeService.class);
    /** The use entry of the points a charge earned. */
    static final String POINTS_EARNED = "POINTS_EARNED";

    private final Database db;
    private final ApprovalStore approvalStore;
    private final BudgetStore budgets;
    private final AuditLog audit;
    private final Clock clock;
    private final int pointsEarnPercent;

    public PaymentNoticeService(Database db, ApprovalStore approvalStore, BudgetStore budgets, AuditLog audit, Clock clock, int pointsEarnPercent) {
        this.db = db;
        this.approvalStore = approvalStore;
        this.budgets = budgets;
        this.audit = audit;
        this.clock = clock;
        this.pointsEarnPercent = pointsEarnPercent;
    }

    public PaymentNoticeResponse apply(String merchantId, PaymentNotice notice) {
        Instant now = clock.instant();
        boolean charged = db.inTransaction(h -> applyIn(h, merchantId, notice, now));
        if (charged) charged(notice);
        return new PaymentNoticeResponse(notice.allowanceId(), "charged");
    }

    /**
     * Applies a batch of notices in one transaction, each in its own savepoint: a notice refused
     * (unknown allowance, wrong amount, budget gone) leaves no trace and does not disturb the others,
     * which are charged by the same commit. Each result is what the notice alone would have got.
     */
    public PaymentNoticeBatchResponse applyAll(String merchantId, PaymentNoticeBatch batch) {
        Instant now = clock.instant();
        var charged = new ArrayList<PaymentNotice>();
        List<PaymentNoticeBatchResponse.Result> results = db.inTransaction(h -> {
            charged.clear(); // a retried transaction starts again
            var answers = new ArrayList<PaymentNoticeBatchResponse.Result>(batch.notices().size());
            for (PaymentNotice notice : batch.notices()) {
                try {
                    if (Database.inSavepoint(h, inner -> applyIn(inner, merchantId, notice, now))) charged.add(notice);
                    answers.add(PaymentNoticeBatchResponse.Result.charged(notice.allowanceId()));
                } catch (ContentpayException e) {
                    answers.add(PaymentNoticeBatchResponse.Result.refused(notice.allowanceId(), e.code().code()));
                }
            }
            return answers;
        });
        charged.forEach(this::charged);
        return new PaymentNoticeBatchResponse(results);
    }

    private void charged(PaymentNotice notice) {
        dev.contentpay.auth.observe.AuthMetrics.charged();
        LOG.debug("allowance {} charged (settlement {})", notice.allowanceId(), notice.settlementId());
    }

    /** Applies one notice; true when it charged now, false when it was charged before. */
    private boolean applyIn(Handle h, String merchantId, PaymentNotice notice, Instant now) {
        Approval a = approvalStore.findByAllowance(h, notice.allowanceId())
                .filter(found -> found.merchantId().equals(merchantId))
                .orElseThrow(() -> new ContentpayException(ErrorCode.NOT_FOUND, "No allowance with this id was given to this merchant."));
        if (a.status() == Approval.Status.CHARGED || a.status() == Approval.Status.REFUNDED) return false;
        if (!a.amount().equals(notice.amount())) throw new ContentpayException(ErrorCode.AMOUNT_MISMATCH);
        if (a.status() == Approval.Status.VOIDED) {
            if (!budgets.reserve(h, a.subscriberId(), a.period(), a.amount().amount())) {
                throw new ContentpayException(ErrorCode.LIMIT_EXCEEDED, "The allowance was voided for want of a payment notice and the budget no longer allows the charge.");
            }
            approvalStore.unvoid(h, a.id());
            LOG.warn("late payment notice for voided allowance {}: charging it after all", notice.allowanceId());
        } else if (a.status() != Approval.Status.ALLOWED) {
            throw new ContentpayException(ErrorCode.APPROVAL_INVALID, "The allowance is " + a.status().name().toLowerCase() + " and cannot be charged.");
        }
        charge(h, a, notice, now);
        return true;
    }

    private void charge(Handle h, Approval a, PaymentNotice notice, Instant now) {
        if (!approvalStore.charge(h, notice.allowanceId(), notice.settlementId(), now)
                || !budgets.charge(h, a.subscriberId(), a.period(), a.amount().amount())) {
            throw new IllegalStateException("allowance " + notice.allowanceId() + " is ALLOWED but its reservation is missing");
        }
        Approval charged = a.charged(now, notice.settlementId());
        approvalStore.addUseEntry(h, charged, "CHARGE", now, notice.settledAt(), null);
        audit.record(h, AuditLog.Kind.CHARGED, a.merchantId(), a.subscriberId(), a.merchantId(), a.id(), a.amount(),
                "settlement " + notice.settlementId());
        earnPoints(h, charged, now, notice.settledAt());
    }

    /**
     * Points subscribers earn a share of each charge back as points ([0022]), kept as an entry of
     * the charge's approval so that a refund takes back exactly these points ({@link RefundService}).
     */
    private void earnPoints(Handle h, Approval a, Instant now, Instant settledAt) {
        if (!BudgetStore.POINTS_PERIOD.equals(a.period()) || pointsEarnPercent == 0) return;
        long earned = Math.multiplyExact(a.amount().amount(), pointsEarnPercent) / 100;
        if (earned == 0) return;
        budgets.raiseCap(h, a.subscriberId(), BudgetStore.POINTS_PERIOD, earned);
        approvalStore.addUseEntry(h, a, POINTS_EARNED, earned, now, settledAt, null);
        audit.record(h, AuditLog.Kind.POINTS_EARNED, "auth", a.subscriberId(), a.merchantId(), a.id(),
                dev.contentpay.platform.money.Money.of(earned, a.amount().currency()), null);
    }

}
