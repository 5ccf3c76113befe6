package dev.contentpay.settlement.ledger;

import dev.contentpay.platform.error.ErrorCode;

import java.time.Instant;
import java.util.Optional;

/** The settling server's memory (memory measure 64, [0044]): settlements, their ledger, grants and refusals. */
public interface SettlementStore {

    /**
     * Records the settlement, its two ledger entries, the payment notice owed to the issuer and the
     * download grant, all in one transaction: either the purchase is settled and the notice will be
     * sent, or nothing happened. A second settlement for the same approval or allowance is refused
     * with {@code approval_already_used}.
     */
    void settle(Settlement settlement, DownloadGrant grant);

    Optional<Settlement> find(String settlementId);

    boolean isSettled(String approvalId);

    /** The settlement made on this allowance, if any. */
    Optional<Settlement> findByAllowance(String allowanceId);

    /** Replaces a settlement's download grant, for a buyer whose receipt was lost on the way. */
    void renewGrant(DownloadGrant grant);

    Optional<DownloadGrant> grant(String settlementId);

    /** Remembers a refused purchase ([0071]); {@code approvalId} is null when the approval was not verified. */
    void recordRefusal(String orderId, String approvalId, ErrorCode code, Instant at);
}
