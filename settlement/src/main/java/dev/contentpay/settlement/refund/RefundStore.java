package dev.contentpay.settlement.refund;

import dev.contentpay.platform.money.Money;
import org.jdbi.v3.core.Handle;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Where refunds are kept: each refund's row, its ledger journal, its outbox message and its event,
 * together, and what has been refunded of each settlement. The sum of a settlement's refunds
 * never exceeds its amount: {@link #addRefunded} is one conditional statement on the settlement's
 * row, so of two refunds that together would pass it only one can be made.
 */
public interface RefundStore {

    /** A settlement as refunds see it: its price, and how much of it has been refunded. */
    record Refundable(String settlementId, String allowanceId, Money amount, long refunded) {
        public long remaining() {
            return amount.amount() - refunded;
        }
    }

    /**
     * The settlement with what has been refunded of it, read after taking its row's write lock, so
     * that nothing refunded by another transaction can change it before this one ends; empty for
     * an unknown settlement.
     */
    Optional<Refundable> lock(Handle h, String settlementId);

    /** Adds {@code amount} to what was refunded of the settlement; false, and nothing changed, when that would pass its price. */
    boolean addRefunded(Handle h, String settlementId, long amount);

    /**
     * Records a refund as one fact, in the caller's transaction with {@link #addRefunded}: the
     * refund row, the journal that takes the amount off what the issuer owes us, the refund message
     * to the issuer (sent only once the settlement's payment notice is acknowledged), and the event.
     */
    void record(Handle h, Refund refund);

    /** The refund that left nothing of the settlement to refund, if it was refunded in full. */
    Optional<Refund> completing(Handle h, String settlementId);

    Optional<Refund> find(String refundId);

    /** A settlement's refunds, oldest first. */
    List<Refund> ofSettlement(String settlementId);

    /** True when nothing of the settlement is left to refund. */
    boolean fullyRefunded(String settlementId);

    /** The refunds dated on one day of the billing zone, as the merchant dates them (by refunded_at). */
    List<Refund> onDay(LocalDate day, dev.contentpay.platform.time.BillingZone zone);

    /** The newest refunds first. */
    List<Refund> latest(int limit);
}
