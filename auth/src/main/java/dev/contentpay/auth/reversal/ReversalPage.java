package dev.contentpay.auth.reversal;

import java.util.List;

/**
 * What the issuer's reversals page shows, already formatted: the template places it with the words
 * of the issuer's bundle ({@code reversals.*}, {@code reversal.reason.*}, {@code reversal.status.*}).
 * {@code csrf} is the forms' token; {@code done} or {@code refused} what became of the last post.
 */
public record ReversalPage(List<Row> rows, String csrf, String done, String refused) {

    /**
     * One reversal, its reason and status as stable codes and as the page's words for them;
     * {@code contested} when it waits for the issuer's decision, and then {@code key} is its forms'
     * idempotency key.
     */
    public record Row(String id, String merchantId, String subscriberId, String allowanceId, String reason, String reasonLabel, String status,
                      String statusLabel, String amount, String refunded, String note, String openedAt, boolean contested, String key) {
    }
}
