package dev.contentpay.settlement.refund;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.platform.money.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The merchant refunds part or all of a settlement, as often as it likes until the refunds add up
 * to its price. Each refund is its own record, journal and message to the issuer, which credits
 * the buyer once per refund (auth's {@code POST /v1/merchant/refunds}) after it has acknowledged
 * the payment notice. What remains is checked and taken in one transaction that holds the
 * settlement's row, so two refunds racing over the remainder cannot both be made. A refund of "the
 * rest" when nothing is left answers the refund that left nothing, so a whole refund asked again
 * refunds once, as it always did.
 */
public final class RefundService {

    private static final Logger LOG = LoggerFactory.getLogger(RefundService.class);
    static final int MAX_REASON = 200;

    private final Database db;
    private final RefundStore refunds;
    private final Clock clock;
    private final Runnable onRefunded;

    public RefundService(Database db, RefundStore refunds, Clock clock, Runnable onRefunded) {
        this.db = db;
        this.refunds = refunds;
        this.clock = clock;
        this.onRefunded = onRefunded;
    }

    /** Refunds {@code amount} of the settlement, or with none whatever remains of it. */
    public Refund refund(String settlementId, Money amount, String reason) {
        String why = checkedReason(reason);
        if (!Ids.isWellFormed(settlementId)) throw new ContentpayException(ErrorCode.SETTLEMENT_NOT_FOUND);
        if (amount != null && !amount.isPositive()) throw ContentpayException.invalid("amount", "must be a positive amount");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String refundId = Ids.random("rfd");
        Refund refund = db.inTransaction(h -> {
            var settlement = refunds.lock(h, settlementId).orElseThrow(() -> new ContentpayException(ErrorCode.SETTLEMENT_NOT_FOUND));
            // While the issuer's reversal of it is open, the reversal decides what goes back: a refund beside it could give back twice.
            if (dev.contentpay.settlement.reversal.ReversalStore.open(h, settlementId)) throw new ContentpayException(ErrorCode.REVERSAL_OPEN);
            String currency = settlement.amount().currency();
            if (amount != null && !amount.currency().equals(currency)) {
                throw ContentpayException.invalid("amount", "must be in the settlement's currency, " + currency);
            }
            if (amount == null && settlement.remaining() == 0) {
                return refunds.completing(h, settlementId)
                        .orElseThrow(() -> new IllegalStateException("settlement " + settlementId + " is refunded in full by no refund"));
            }
            long give = amount == null ? settlement.remaining() : amount.amount();
            if (give > settlement.remaining() || !refunds.addRefunded(h, settlementId, give)) {
                throw new ContentpayException(ErrorCode.REFUND_EXCEEDS_REMAINING, "Of " + settlement.amount() + " settled, "
                        + Money.of(settlement.remaining(), currency) + " remains to refund; " + Money.of(give, currency) + " was asked for.");
            }
            long total = settlement.refunded() + give;
            var made = new Refund(refundId, settlementId, settlement.allowanceId(), Money.of(give, currency), why, now, "pending",
                    Money.of(total, currency), Money.of(settlement.amount().amount() - total, currency));
            refunds.record(h, made);
            return made;
        });
        if (refund.refundId().equals(refundId)) {
            onRefunded.run();
            LOG.info("refunded {} of settlement {} as {} ({} remains)", refund.amount(), settlementId, refundId, refund.settlementRemaining());
        }
        return refund;
    }

    public Refund find(String refundId) {
        return (Ids.isWellFormed(refundId) ? refunds.find(refundId) : java.util.Optional.<Refund>empty())
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
