package dev.contentpay.settlement.refund;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.settlement.ledger.JdbiSettlementStore;
import dev.contentpay.settlement.ledger.Settlement;
import dev.contentpay.settlement.ledger.SettlementStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The merchant refunds a settlement, in full. Idempotent by settlement id: however often and with
 * whatever key it is asked, a settlement is refunded once and every request answers that refund.
 * The issuer hears of it through the outbox, after it has acknowledged the payment notice, and
 * credits the buyer (auth's {@code POST /v1/merchant/refunds}).
 */
public final class RefundService {

    private static final Logger LOG = LoggerFactory.getLogger(RefundService.class);
    static final int MAX_REASON = 200;

    private final SettlementStore settlements;
    private final RefundStore refunds;
    private final Clock clock;
    private final Runnable onRefunded;

    public RefundService(SettlementStore settlements, RefundStore refunds, Clock clock, Runnable onRefunded) {
        this.settlements = settlements;
        this.refunds = refunds;
        this.clock = clock;
        this.onRefunded = onRefunded;
    }

    public Refund refund(String settlementId, String reason) {
        String why = checkedReason(reason);
        Settlement settlement = (Ids.isWellFormed(settlementId) ? settlements.find(settlementId) : Optional.<Settlement>empty())
                .orElseThrow(() -> new ContentpayException(ErrorCode.SETTLEMENT_NOT_FOUND));
        Optional<Refund> earlier = refunds.findBySettlement(settlementId);
        if (earlier.isPresent()) return earlier.get();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        var refund = new Refund(Ids.random("rfd"), settlement.id(), settlement.allowanceId(), settlement.amount(), why, now, "pending");
        try {
            refunds.record(refund);
        } catch (RuntimeException e) {
            // Two requests raced past the lookup above: the UNIQUE on settlement_id let one win, and
            // the loser answers the winner's refund, as any repeat does.
            if (JdbiSettlementStore.isUniqueViolation(e)) return refunds.findBySettlement(settlementId).orElseThrow(() -> e);
            throw e;
        }
        onRefunded.run();
        LOG.info("refunded settlement {} as {} ({})", settlement.id(), refund.refundId(), refund.amount());
        return refund;
    }

    public Refund find(String refundId) {
        return (Ids.isWellFormed(refundId) ? refunds.find(refundId) : Optional.<Refund>empty())
                .orElseThrow(() -> new ContentpayException(ErrorCode.NOT_FOUND, "There is no such refund."));
    }

    private static String checkedReason(String reason) {
        if (reason == null || reason.isBlank()) return null;
        String r = reason.strip();
        if (r.length() > MAX_REASON || r.chars().anyMatch(Character::isISOControl)) {
            throw ContentpayException.invalid("reason", "must be at most " + MAX_REASON + " characters of plain text");
        }
        return r;
    }
}
