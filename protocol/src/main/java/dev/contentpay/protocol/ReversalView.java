package dev.contentpay.protocol;

import dev.contentpay.platform.money.Money;

import java.time.Instant;
import java.util.List;

/**
 * A reversal the issuer started on a charged purchase (a subscriber's dispute, customer care), as
 * the issuer's operators, the merchant and the {@code reversal.*} events see it. Its status moves
 * {@code opened} → {@code accepted} (the merchant gave the money back at once) or
 * {@code contested} (with the merchant's note) → {@code upheld} (the issuer gave the money back)
 * or {@code rejected} (the merchant keeps it).
 *
 * @param subscriberId the subscriber, on the issuer's admin face only; null on everything the merchant gets
 * @param amount       what the reversal asks back: a stated amount, or what remained of the charge when it was opened
 * @param refunded     what the reversal gave back to the subscriber once decided (accepted or upheld); null before, 0 when rejected
 * @param note         the merchant's note when it contested
 * @param decisionNote the issuer's note on its decision
 */
public record ReversalView(String id, String approvalId, String allowanceId, String settlementId, String merchantId, String subscriberId,
                           String reason, String status, Money amount, Money refunded, String note, String decisionNote,
                           Instant openedAt, Instant answeredAt, Instant decidedAt) {

    /** The reasons an issuer opens a reversal for, as stable codes. */
    public static final List<String> REASONS = List.of("not_received", "not_as_described", "unauthorized", "duplicate", "customer_care");
    public static final String OPENED = "opened";
    public static final String ACCEPTED = "accepted";
    public static final String CONTESTED = "contested";
    public static final String UPHELD = "upheld";
    public static final String REJECTED = "rejected";
    public static final List<String> STATUSES = List.of(OPENED, ACCEPTED, CONTESTED, UPHELD, REJECTED);
    /** The most characters of a note (the merchant's or the issuer's). */
    public static final int MAX_NOTE = 500;

    /** The same reversal without the subscriber's id: what a merchant may see. */
    public ReversalView forMerchant() {
        return new ReversalView(id, approvalId, allowanceId, settlementId, merchantId, null, reason, status, amount, refunded, note,
                decisionNote, openedAt, answeredAt, decidedAt);
    }

    /** True while the merchant or the issuer still has to answer it. */
    public boolean open() {
        return OPENED.equals(status) || CONTESTED.equals(status);
    }

    /** A note as it is kept: stripped, null when blank; refused when too long or not plain text. */
    public static String checkedNote(String field, String note) {
        if (note == null || note.isBlank()) return null;
        String n = note.strip();
        if (n.length() > MAX_NOTE || n.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
            throw dev.contentpay.platform.error.ContentpayException.invalid(field, "must be at most " + MAX_NOTE + " characters of plain text");
        }
        return n;
    }
}
