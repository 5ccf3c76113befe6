package dev.contentpay.auth.approval;

import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.DailyTotals;
import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The approval table (52) and the member use information (53) its steps leave. Every method runs
 * in the caller's transaction ({@code h}), since a judgement, a notice or a refund changes the
 * approval and the budget together. Every transition is a conditional UPDATE whose row count is
 * the verdict.
 */
public interface ApprovalStore {

    /** An entry of member use information as a statement lists it, with its approval's item and tax rate. */
    record UseLine(Instant at, String kind, String approvalId, String merchantId, String itemId, String title, Money amount,
                   int taxRate) {
    }

    /**
     * Records an issued approval with the SHA-256 (hex) of the token the subscriber is given; false,
     * and nothing written, when the merchant's order already has an approval (one statement, whose
     * row count is that verdict).
     */
    boolean insert(Handle h, Approval a, String tokenSha256);

    /**
     * What the issuer recognises an approval's token by, and what an allowance for it says: the
     * SHA-256 (hex) of the token issued, the pseudonym and the item, and whether it is still
     * unjudged. Empty for an unknown approval or one issued before tokens were recorded.
     */
    Optional<Recorded> recorded(Handle h, String id);

    /** See {@link #recorded}. */
    record Recorded(String tokenSha256, String pseudonym, String itemId, boolean issued) {
    }

    Optional<Approval> find(Handle h, String id);

    /** An approval with whether its subscriber is active, as a judgement needs both: one read. */
    record ToJudge(Approval approval, boolean subscriberActive) {
    }

    /** The approval {@code id} and its subscriber's standing, in one statement. */
    Optional<ToJudge> findToJudge(Handle h, String id);

    Optional<Approval> findByAllowance(Handle h, String allowanceId);


    List<Approval> ofSubscriber(Handle h, String subscriberId, int limit);

    /**
     * The single-use step ([0068]): the approval becomes ALLOWED only if it is still ISSUED,
     * unexpired, and for this very merchant, order and amount. At most one caller ever sees true.
     */
    boolean allow(Handle h, String id, String merchantId, String orderId, Money amount, Instant now,
                 String judgeKey, String allowanceId, Instant notifyBy);

    /** Records a final refusal of an ISSUED approval, so that every later judgement gives the same verdict. */
    void refuse(Handle h, String id, Approval.Status status, String code, Instant now);

    /** The payment notice's step ([0073]): ALLOWED becomes CHARGED once. */
    boolean charge(Handle h, String allowanceId, String settlementId, Instant now);

    /** Appends an entry of member use information (53). */
    default void addUseEntry(Handle h, Approval a, String kind, Instant recordedAt, Instant occurredAt, String refundId) {
        addUseEntry(h, a, kind, a.amount().amount(), recordedAt, occurredAt, refundId);
    }

    /**
     * An entry of {@code amount} rather than the approval's own (points earned or taken back). An
     * entry without a refund id is one of its kind per approval, one with a refund id one of its
     * kind per merchant and refund, by the table's unique keys.
     */
    void addUseEntry(Handle h, Approval a, String kind, long amount, Instant recordedAt, Instant occurredAt, String refundId);

    /** A refund as member use information holds it: the approval it gave back part or all of, and how much. */
    record RefundEntry(String approvalId, Money amount) {
    }

    /**
     * Appends the entry of one refund of {@code amount}; false, and nothing added, when the merchant's
     * refund of that id is already recorded (the table's unique key, so a concurrent repeat waits for
     * the first and then adds nothing).
     */
    boolean addRefundEntry(Handle h, Approval a, long amount, Instant recordedAt, Instant occurredAt, String refundId);

    /** The merchant's refund of that id, if it was applied. */
    Optional<RefundEntry> refundEntry(Handle h, String merchantId, String refundId);

    /**
     * Adds {@code amount} to what was refunded of a CHARGED approval, which becomes REFUNDED when
     * nothing of its charge is left; false, and nothing changed, when it is not CHARGED or the
     * amount is more than is left.
     */
    boolean refund(Handle h, String id, long amount);

    /** How much of the approval's charge has been refunded. */
    long refunded(Handle h, String id);

    /** The sum of the approval's entries of {@code kind} (zero when it has none). */
    long useEntrySum(Handle h, String approvalId, String kind);

    /** The amount of the approval's entry of {@code kind}, if it has one. */
    java.util.OptionalLong useEntryAmount(Handle h, String approvalId, String kind);

    /** Moves an approval from one status to another; false when it was not in {@code from} any more. */
    boolean transition(Handle h, String id, Approval.Status from, Approval.Status to, String verdictCode);

    /**
     * The subscriber's entries recorded from {@code from} to before {@code to} (epoch millis), in a
     * statement's order: by time, each charge or refund before the points it moved.
     */
    List<UseLine> useLinesOf(Handle h, String subscriberId, long from, long to);

    /** The merchant's charges and refunds whose merchant-side time is from {@code from} to before {@code to}, oldest first. */
    List<DailyTotals.Entry> chargesAndRefunds(Handle h, String merchantId, long from, long to);

    /** ISSUED approvals whose expiry has passed, oldest first. */
    List<String> dueToExpire(Handle h, Instant now, int limit);

    /** ALLOWED approvals whose payment notice is overdue (notify_by passed), oldest first. */
    List<String> dueForNotice(Handle h, Instant now, int limit);

    /**
     * Takes back an allowance just given in this transaction when the budget then refused the
     * reservation: the approval is REFUSED with {@code code}, without allowance or notice time.
     */
    void refuseAllowed(Handle h, String id, String code);

    /** A late payment notice for a voided allowance charges it after all: VOIDED becomes ALLOWED again. */
    void unvoid(Handle h, String id);
}
