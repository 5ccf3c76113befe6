package dev.contentpay.auth.reversal;

import java.util.List;

/**
 * What the issuer's reversals page shows, already worded: the template only places it.
 * {@code csrf} is the forms' token; {@code done} or {@code refused} what became of the last post.
 */
public record ReversalPage(Words words, List<Row> rows, String csrf, String done, String refused) {

    /** One reversal; {@code contested} when it waits for the issuer's decision, and then {@code key} is its forms' idempotency key. */
    public record Row(String id, String merchantId, String subscriberId, String allowanceId, String reason, String status, String amount,
                      String refunded, String note, String openedAt, boolean contested, String key) {
    }

    /** Every text of the page, in one place so that a translation replaces this record alone; {@link #ENGLISH} is the page's. */
    public record Words(String title, String intro, String none, String reversal, String merchant, String subscriber, String reason,
                       String status, String asked, String gaveBack, String note, String decision, String uphold, String reject,
                       String amountLabel, String noteLabel, String decided, String refused) {
        public static final Words ENGLISH = new Words("Reversals",
                "Reversals opened on charged purchases, newest first. A merchant accepts or contests an open one; decide a contested one here: "
                        + "uphold it to give the money back (all that was asked, or the amount you enter), or reject it.",
                "No reversals.", "Reversal", "Merchant", "Subscriber", "Reason", "Status", "Asked", "Gave back", "Merchant's note", "Decision",
                "Uphold", "Reject", "Amount to give back (minor units, optional)", "Note for the merchant (optional)", "The reversal was decided.",
                "Refused:");
    }
}
