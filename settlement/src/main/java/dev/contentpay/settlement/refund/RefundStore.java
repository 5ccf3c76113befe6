package dev.contentpay.settlement.refund;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Where refunds are kept: the refund row, its ledger journal, its outbox message and its event, together. */
public interface RefundStore {

    /**
     * Records a refund as one fact: the refund row (at most one per settlement), the journal that
     * takes the amount off what the issuer owes us, the refund message to the issuer (sent only once
     * the settlement's payment notice is acknowledged), and the event.
     */
    void record(Refund refund);

    Optional<Refund> find(String refundId);

    Optional<Refund> findBySettlement(String settlementId);

    /** The refunds dated on one UTC day, as the merchant dates them (by refunded_at). */
    List<Refund> onDay(LocalDate day);

    /** The newest refunds first. */
    List<Refund> latest(int limit);
}
