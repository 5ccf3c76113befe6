package dev.contentpay.auth.event;

import dev.contentpay.auth.approval.Approval;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.IssuerEvent;
import dev.contentpay.protocol.ReversalView;
import org.jdbi.v3.core.Handle;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

/**
 * Records the events a merchant is owed in the transaction of the change each reports, so that
 * the change and its event commit or fail together (an outbox): a void of an allowance, each
 * refund applied, an approval expired unused, a reversal opened or decided. The delivery worker is woken once they commit.
 * Event ids sort by the time they were made, so a merchant's feed lists them in that order.
 */
public final class MerchantEvents {

    private final MerchantEventStore store;
    private final Clock clock;
    private final dev.contentpay.platform.crypto.Environment environment;
    private volatile Runnable onRecorded = () -> { };

    /** {@code environment}: the issuer's, written in every event so that a merchant never applies one of the other environment. */
    public MerchantEvents(MerchantEventStore store, Clock clock, dev.contentpay.platform.crypto.Environment environment) {
        this.store = store;
        this.environment = environment;
        this.clock = clock;
    }

    /** What to run after a transaction that recorded an event commits (the worker's wake-up). */
    public void onRecorded(Runnable wake) {
        this.onRecorded = wake;
    }

    /** {@code a}'s allowance was voided: its reservation given back. */
    public void allowanceVoided(Handle h, Approval a) {
        record(h, IssuerEvent.ALLOWANCE_VOIDED, a, null, a.amount(), null);
    }

    /** A refund of {@code amount} was applied to {@code a}'s charge, which has {@code refunded} refunded in all now. */
    public void refundApplied(Handle h, Approval a, String refundId, Money amount, Money refunded) {
        record(h, IssuerEvent.REFUND_APPLIED, a, refundId, amount, refunded);
    }

    /** {@code a} expired unused: it was never presented for judgement. */
    public void approvalExpired(Handle h, Approval a) {
        record(h, IssuerEvent.APPROVAL_EXPIRED, a, null, a.amount(), null);
    }

    /** A reversal of {@code a} was opened: the merchant is asked to accept or contest it. */
    public void reversalOpened(Handle h, Approval a, ReversalView reversal) {
        record(h, IssuerEvent.REVERSAL_OPENED, a, null, reversal.amount(), null, reversal.forMerchant());
    }

    /**
     * A reversal of {@code a} was decided; when it gave money back, that is the refund of the
     * reversal's id, and {@code refunded} is how much of the charge is refunded in all now.
     */
    public void reversalDecided(Handle h, Approval a, ReversalView reversal, Money refunded) {
        String refundId = reversal.refunded().isPositive() ? reversal.id() : null;
        record(h, IssuerEvent.REVERSAL_DECIDED, a, refundId, reversal.refunded(), refunded, reversal.forMerchant());
    }

    private void record(Handle h, String type, Approval a, String refundId, Money amount, Money refunded) {
        record(h, type, a, refundId, amount, refunded, null);
    }

    private void record(Handle h, String type, Approval a, String refundId, Money amount, Money refunded, ReversalView reversal) {
        Instant now = clock.instant();
        String id = "evt_" + Ids.sortableToken(now.toEpochMilli(), 16);
        var event = new IssuerEvent(id, type, a.merchantId(), a.id(), a.allowanceId(), a.settlementId(), refundId, amount, refunded, now, reversal,
                environment.mark());
        String body = new String(Json.write(event), StandardCharsets.UTF_8);
        store.insert(h, new MerchantEvent(id, a.merchantId(), type, a.id(), body, now, MerchantEvent.Status.PENDING, 0, now, null, null));
        h.afterCommit(onRecorded::run);
    }
}
