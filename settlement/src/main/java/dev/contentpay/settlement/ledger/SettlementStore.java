package dev.contentpay.settlement.ledger;

import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.money.Money;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** The settling server's memory (memory measure 64, [0044]): settlements, their ledger, grants, refusals and outcomes. */
public interface SettlementStore {

    /** What became of an approval presented to us; at most one per approval, for ever. */
    enum Outcome { SETTLED, ABANDONED }

    /** A presentation whose judgement was asked for and that has no outcome yet. */
    record Unfinished(String approvalId, String orderId, Money amount, Instant firstPresentedAt) {
    }

    /**
     * Records the settlement with its outcome, its ledger journal, the payment notice owed to the
     * issuer, the download grant and the event, all in one transaction: either the purchase is
     * settled and the notice will be sent, or nothing happened. A second settlement of the same
     * approval or allowance, or of an approval given up on, is refused with
     * {@code approval_already_used}. {@code alsoInTransaction} writes in the same transaction (the
     * buyer's answer, so that the settlement and the receipt that tells it are one commit).
     */
    void settle(Settlement settlement, DownloadGrant grant, java.util.function.Consumer<org.jdbi.v3.core.Handle> alsoInTransaction);

    /** {@link #settle(Settlement, DownloadGrant, java.util.function.Consumer)} with nothing else in the transaction. */
    default void settle(Settlement settlement, DownloadGrant grant) {
        settle(settlement, grant, h -> { });
    }

    Optional<Settlement> find(String settlementId);

    boolean isSettled(String approvalId);

    /** The settlement made on this allowance, if any. */
    Optional<Settlement> findByAllowance(String allowanceId);

    /** The settlements dated on one day of the billing zone by their settled_at, the time the payment notice carries. */
    List<Settlement> onDay(LocalDate day, dev.contentpay.platform.time.BillingZone zone);

    /**
     * Replaces settlements' download grants, all in one transaction: for a buyer whose receipt was
     * lost on the way, or who restores their purchases. Each settlement's earlier link stops working.
     */
    void renewGrants(List<DownloadGrant> grants);

    /**
     * The settlements of the buyer this merchant knows as {@code pseudonym}, newest first, at most
     * {@code limit}: what they own here, to restore on another device.
     */
    List<Settlement> ofBuyer(String pseudonym, int limit);

    Optional<DownloadGrant> grant(String settlementId);

    /** Remembers a refused purchase ([0071]); {@code approvalId} is null when the approval was not verified. */
    void recordRefusal(String orderId, String approvalId, ErrorCode code, Instant at);

    /** Notes that the issuer is being asked to judge this approval, unless it was noted before. */
    void beginPresentation(String approvalId, String orderId, Money amount, Instant at);

    Optional<Outcome> outcome(String approvalId);

    /**
     * Gives up on an approval ([0071]): the outcome ABANDONED, the void request to the issuer and
     * the event, in one transaction. False when the approval already had an outcome (it was
     * settled or refused meanwhile), in which case nothing is written.
     */
    boolean abandon(String approvalId, String orderId, Money amount, String reason, Instant at);

    /** Notes the issuer's final refusal of a presented approval, so that it is not swept as unfinished. */
    void recordRefused(String approvalId, ErrorCode code);

    /**
     * Presentations first made at or after {@code from} and before {@code cutoff} that have no
     * outcome and were not refused, oldest first.
     */
    List<Unfinished> unfinished(Instant from, Instant cutoff, int limit);
}
