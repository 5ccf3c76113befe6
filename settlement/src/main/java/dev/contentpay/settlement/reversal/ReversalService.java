package dev.contentpay.settlement.reversal;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.ReversalAnswer;
import dev.contentpay.protocol.ReversalView;
import dev.contentpay.settlement.issuer.IssuerClient;
import dev.contentpay.settlement.refund.Refund;
import dev.contentpay.settlement.refund.RefundStore;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The merchant's side of the issuer's reversals (docs/SETTLEMENT.md, "Reversals"). The issuer
 * tells of each by its {@code reversal.opened} and {@code reversal.decided} events, and the
 * merchant's operator answers an open one over the dedicated line: accept (the issuer gives the
 * money back at once) or contest with a note. What the issuer says of a reversal is kept here
 * ({@link #apply}), moving only forward. When a decided reversal gave money back, that is recorded
 * once, in the transaction that learns of it, as the refund whose id is the reversal's id: refund
 * row, ledger journal, feed entry, and the refund's message to the issuer, which the issuer
 * answers as the refund it already applied. The purchase is then no longer delivered.
 */
public final class ReversalService {

    private static final Logger LOG = LoggerFactory.getLogger(ReversalService.class);
    private static final Map<String, Integer> ORDER = Map.of(ReversalView.OPENED, 0, ReversalView.CONTESTED, 1,
            ReversalView.ACCEPTED, 2, ReversalView.UPHELD, 2, ReversalView.REJECTED, 2);
    static final int MAX_LIST = 500;

    private final Database db;
    private final ReversalStore store;
    private final RefundStore refunds;
    private final IssuerClient issuer;
    private final Clock clock;
    private final Runnable onRefunded;

    public ReversalService(Database db, ReversalStore store, RefundStore refunds, IssuerClient issuer, Clock clock, Runnable onRefunded) {
        this.db = db;
        this.store = store;
        this.refunds = refunds;
        this.issuer = issuer;
        this.clock = clock;
        this.onRefunded = onRefunded;
    }

    /**
     * Keeps what the issuer says of reversal {@code r}, in the caller's transaction, and records its
     * refund if it gave money back and that is not recorded yet. Returns what it did, for the
     * issuer event's {@code matched}: {@code recorded}, {@code refunded}, {@code stale} (we knew
     * as much or more already) or {@code unsettled} (money back for a settlement we do not hold).
     */
    public String apply(Handle h, ReversalView r) {
        Instant now = clock.instant();
        var known = store.find(h, r.id());
        boolean later = known.isEmpty() || ORDER.get(r.status()) > ORDER.get(known.get().status());
        if (later) store.put(h, r, known.isPresent(), now);
        boolean givesBack = (ReversalView.ACCEPTED.equals(r.status()) || ReversalView.UPHELD.equals(r.status()))
                && r.refunded() != null && r.refunded().isPositive();
        if (!givesBack) return later ? "recorded" : "stale";
        if (r.settlementId() == null) return "unsettled";
        var settlement = refunds.lock(h, r.settlementId());
        if (settlement.isEmpty()) return "unsettled";
        // After the settlement's lock: a concurrent copy of this decision (the webhook and our own accept) has committed or not begun.
        if (store.refundRecorded(h, r.id())) return later ? "recorded" : "stale";
        long give = r.refunded().amount();
        if (!refunds.addRefunded(h, r.settlementId(), give)) {
            // Our own refunds of this settlement that the issuer has not applied yet left less than the issuer gave back;
            // the issuer will refuse those, and reconciliation lists the difference until an operator settles it.
            LOG.error("reversal {} gave back {} of settlement {}, more than the {} our refunds left", r.id(), r.refunded(), r.settlementId(),
                    Money.of(settlement.get().remaining(), r.refunded().currency()));
            return "over_remaining";
        }
        long total = settlement.get().refunded() + give;
        String currency = r.refunded().currency();
        refunds.record(h, new Refund(r.id(), r.settlementId(), r.allowanceId(), r.refunded(), "reversal: " + r.reason(),
                r.decidedAt() == null ? now : r.decidedAt(), "pending", Money.of(total, currency),
                Money.of(settlement.get().amount().amount() - total, currency)));
        h.afterCommit(onRefunded::run);
        LOG.info("reversal {} {}: {} of settlement {} given back; its content is no longer delivered", r.id(), r.status(), r.refunded(),
                r.settlementId());
        return "refunded";
    }

    /** Accepts an open reversal: the issuer gives the money back at once, and we record it. */
    public ReversalView accept(String id) {
        return answer(new ReversalAnswer(id, ReversalAnswer.ACCEPT, null));
    }

    /** Contests an open reversal with a note for the issuer, who decides. */
    public ReversalView contest(String id, String note) {
        return answer(new ReversalAnswer(id, ReversalAnswer.CONTEST, note));
    }

    private ReversalView answer(ReversalAnswer answer) {
        find(answer.reversalId());
        ReversalView answered = issuer.answerReversal(answer, "reversal-" + answer.answer() + "-" + answer.reversalId());
        db.useTransaction(h -> apply(h, answered));
        LOG.info("reversal {} answered: {}", answer.reversalId(), answered.status());
        return find(answer.reversalId());
    }

    public ReversalView find(String id) {
        return (Ids.isWellFormed(id) ? store.find(id) : java.util.Optional.<ReversalView>empty())
                .orElseThrow(() -> new ContentpayException(ErrorCode.REVERSAL_NOT_FOUND));
    }

    /** Reversals newest first, of one status (null: all), at most {@code limit}. */
    public List<ReversalView> list(String status, int limit) {
        if (status != null && !ReversalView.STATUSES.contains(status)) throw ContentpayException.invalid("status", "must be one of " + ReversalView.STATUSES);
        if (limit < 1 || limit > MAX_LIST) throw ContentpayException.invalid("limit", "must be 1 to " + MAX_LIST);
        return store.list(status, limit);
    }
}
