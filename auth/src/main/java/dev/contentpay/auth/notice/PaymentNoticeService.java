package dev.contentpay.auth.notice;

import dev.contentpay.auth.approval.Approval;
import dev.contentpay.auth.approval.ApprovalStore;
import dev.contentpay.auth.approval.BudgetStore;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.protocol.PaymentNotice;
import dev.contentpay.protocol.PaymentNoticeResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;

/**
 * The use information control means 45 ([0073]): applies a merchant's payment notice exactly once,
 * by allowance id. The reservation becomes a charge on the subscriber's account and an entry of
 * member use information (53), which makes the bill. A repeat, in any order, changes nothing and
 * gets the same answer.
 */
public final class PaymentNoticeService {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentNoticeService.class);

    private final Database db;
    private final Clock clock;

    public PaymentNoticeService(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public PaymentNoticeResponse apply(String merchantId, PaymentNotice notice) {
        Instant now = clock.instant();
        boolean charged = db.inTransaction(h -> {
            Approval a = ApprovalStore.findByAllowance(h, notice.allowanceId())
                    .filter(found -> found.merchantId().equals(merchantId))
                    .orElseThrow(() -> new ContentpayException(ErrorCode.NOT_FOUND, "No allowance with this id was given to this merchant."));
            if (a.status() == Approval.Status.CHARGED) return false;
            if (!a.amount().equals(notice.amount())) throw new ContentpayException(ErrorCode.AMOUNT_MISMATCH);
            if (a.status() != Approval.Status.ALLOWED) {
                throw new ContentpayException(ErrorCode.APPROVAL_INVALID, "The allowance is " + a.status().name().toLowerCase() + " and cannot be charged.");
            }
            if (!ApprovalStore.charge(h, notice.allowanceId(), notice.settlementId(), now)
                    || !BudgetStore.charge(h, a.subscriberId(), a.period(), a.amount().amount())) {
                throw new IllegalStateException("allowance " + notice.allowanceId() + " is ALLOWED but its reservation is missing");
            }
            h.createUpdate("""
                            INSERT INTO use_entry (id, subscriber_id, approval_id, merchant_id, kind, amount, currency, period, settlement_id, recorded_at)
                            VALUES (:id, :s, :a, :m, 'CHARGE', :amount, :currency, :period, :settlement, :now)""")
                    .bind("id", Ids.random("use")).bind("s", a.subscriberId()).bind("a", a.id()).bind("m", merchantId)
                    .bind("amount", a.amount().amount()).bind("currency", a.amount().currency()).bind("period", a.period())
                    .bind("settlement", notice.settlementId()).bind("now", now.toEpochMilli())
                    .execute();
            return true;
        });
        if (charged) LOG.info("allowance {} charged (settlement {})", notice.allowanceId(), notice.settlementId());
        return new PaymentNoticeResponse(notice.allowanceId(), "charged");
    }
}
