package dev.contentpay.auth.approval;

import dev.contentpay.auth.approval.Approval;
import dev.contentpay.auth.approval.ApprovalStore;
import dev.contentpay.auth.approval.BudgetStore;
import dev.contentpay.auth.audit.AuditLog;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.protocol.VoidResponse;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;

/**
 * Voids what will not be paid ([0071]): an approval the merchant gave up on before it was judged
 * becomes unusable; an allowance whose payment notice did not come gives its reservation back, so
 * no one pays for what was not delivered. A charged allowance cannot be voided: it is refunded.
 * Used by merchants on the dedicated line and by the {@link Sweeper}. A voided allowance is owed
 * to its merchant as an {@code allowance.voided} event, recorded in the void's transaction.
 */
public final class VoidService {

    private static final Logger LOG = LoggerFactory.getLogger(VoidService.class);

    private final Database db;
    private final ApprovalStore approvalStore;
    private final BudgetStore budgets;
    private final AuditLog audit;
    private final Clock clock;
    private final dev.contentpay.auth.event.MerchantEvents events;

    public VoidService(Database db, ApprovalStore approvalStore, BudgetStore budgets, AuditLog audit, Clock clock,
                       dev.contentpay.auth.event.MerchantEvents events) {
        this.events = events;
        this.db = db;
        this.approvalStore = approvalStore;
        this.budgets = budgets;
        this.audit = audit;
        this.clock = clock;
    }

    /** A merchant's void of one of its own approvals. */
    public VoidResponse voidForMerchant(String merchantId, String approvalId) {
        return db.inTransaction(h -> {
            Approval a = approvalStore.find(h, approvalId).filter(found -> found.merchantId().equals(merchantId))
                    .orElseThrow(() -> new ContentpayException(ErrorCode.NOT_FOUND, "No approval with this id was issued for this merchant."));
            return new VoidResponse(a.id(), voidIn(h, a, merchantId).name().toLowerCase());
        });
    }

    /**
     * Voids {@code a} inside the caller's transaction and returns its status afterwards. ISSUED and
     * ALLOWED become VOIDED; VOIDED, EXPIRED and REFUSED stay as they are (a repeat changes nothing).
     */
    public Approval.Status voidIn(Handle h, Approval a, String actor) {
        Instant now = clock.instant();
        switch (a.status()) {
            case ISSUED -> {
                if (approvalStore.transition(h, a.id(), Approval.Status.ISSUED, Approval.Status.VOIDED, ErrorCode.APPROVAL_INVALID.code())) {
                    audit.record(h, AuditLog.Kind.VOIDED, actor, a.subscriberId(), a.merchantId(), a.id(), null, "before judgement");
                }
            }
            case ALLOWED -> {
                if (approvalStore.transition(h, a.id(), Approval.Status.ALLOWED, Approval.Status.VOIDED, ErrorCode.APPROVAL_INVALID.code())) {
                    if (!budgets.release(h, a.subscriberId(), a.period(), a.amount().amount())) {
                        throw new IllegalStateException("allowance " + a.allowanceId() + " is ALLOWED but its reservation is missing");
                    }
                    approvalStore.addUseEntry(h, a, "VOID", now, now, null);
                    audit.record(h, AuditLog.Kind.VOIDED, actor, a.subscriberId(), a.merchantId(), a.id(), a.amount(), "reservation given back");
                    // The merchant is told in the same transaction (an outbox): the void and its event commit together.
                    events.allowanceVoided(h, a);
                    LOG.info("allowance {} voided by {}; {} given back", a.allowanceId(), actor, a.amount());
                    h.afterCommit(() -> dev.contentpay.auth.observe.AuthMetrics.voided(actor));
                }
            }
            case CHARGED, REFUNDED -> throw new ContentpayException(ErrorCode.ALREADY_CHARGED);
            default -> { }
        }
        return approvalStore.find(h, a.id()).orElseThrow().status();
    }
}
