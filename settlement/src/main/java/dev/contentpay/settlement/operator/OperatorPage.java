package dev.contentpay.settlement.operator;

import java.util.List;

/**
 * What the operator's page shows, already worded, formatted and laid out: the template only places
 * it. The chart is geometry computed here, drawn by the template as inline SVG (no script, no
 * inline style: the page's Content-Security-Policy allows neither).
 */
public record OperatorPage(String merchantId, String generatedAt, String currency, Summary summary, Chart chart, List<DayRow> days,
                           List<SettlementRow> settlements, List<RefundRow> refunds, List<RefusalRow> refusals,
                           List<DeadLetterRow> deadLetters, Ledger ledger, Reversals reversals) {

    /**
     * The issuer's reversals of our purchases, each open one with its forms (accept; contest with a
     * note). {@code csrf} is the forms' token; {@code done} what became of the last post, in the
     * page's words, or {@code refused} the code it was refused with.
     */
    public record Reversals(List<ReversalRow> rows, String csrf, String done, String refused) {
    }

    /**
     * One reversal, its reason and status as stable codes and as the page's words for them;
     * {@code open} when it waits for our answer, and then {@code key} is its forms' idempotency key.
     */
    public record ReversalRow(String id, String settlementId, String reason, String reasonLabel, String status, String statusLabel,
                              String amount, String refunded, String note, String openedAt, boolean open, String key) {
    }

    /** Totals of the days shown, worded: "1,550 JPY in 4 settlements". */
    public record Summary(String sold, String refunded, String net) {
    }

    public record DayRow(String date, int settlements, String settled, int refunds, String refunded, String net) {
    }

    /** A settlement; {@code notice} is where its payment notice stands as a stable code, {@code noticeLabel} the page's words for it. */
    public record SettlementRow(String id, String settledAt, String item, String amount, String notice, String noticeLabel, String refunded) {
    }

    /** A refund; {@code status} is where it stands with the issuer as a stable code, {@code statusLabel} the page's words for it. */
    public record RefundRow(String id, String settlementId, String refundedAt, String amount, String status, String statusLabel, String reason) {
    }

    /** A refused purchase; {@code code} is the stable error code, {@code label} the page's words for it. */
    public record RefusalRow(String refusedAt, String orderId, String approvalId, String code, String label) {
    }

    /** A message that could not be delivered; {@code kind} as a stable code, {@code kindLabel} the page's words for it. */
    public record DeadLetterRow(String id, String kind, String kindLabel, String subject, int attempts, String lastError) {
    }

    /** Whether the ledger's invariants hold, each account's balance, and any broken invariant in words. */
    public record Ledger(boolean balanced, List<AccountRow> accounts, List<String> problems) {
    }

    public record AccountRow(String account, String debits, String credits, String balance) {
    }

    /** A bar chart of daily sales and refunds, in SVG user units. */
    public record Chart(int width, int height, int baseline, int left, int right, List<Bar> bars, List<Label> labels) {
    }

    /** One bar; {@code kind} is {@code sales} or {@code refunds} and picks its class; {@code title} is its tooltip. */
    public record Bar(int x, int y, int width, int height, String kind, String title) {
    }

    /** A text on the chart: an axis value or a day; {@code anchor} is start, middle or end. */
    public record Label(int x, int y, String text, String anchor) {
    }
}
