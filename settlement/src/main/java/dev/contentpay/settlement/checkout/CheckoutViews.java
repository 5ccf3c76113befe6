package dev.contentpay.settlement.checkout;

/** What the checkout pages show, already worded and formatted: the templates only lay it out. */
public final class CheckoutViews {

    private CheckoutViews() {
    }

    /**
     * The download page: the receipt of a settled purchase as a buyer reads it (the item, the price
     * with its tax, when, from whom) and the link to its content; the ids and the file's hash are
     * for whoever needs them, behind a disclosure.
     *
     * @param rate the consumption tax rate, {@code 10%}; {@code tax} the tax in {@code price}
     */
    public record ReceiptView(String title, String price, String rate, String tax, String merchantName, String settledAt,
                              String receiptNumber, String orderId, String approvalId,
                              String mediaType, String size, String sha256, String downloadHref, String fileName, String availableUntil,
                              String shopHref, String registrationNumber, String issuedOn, java.util.List<Tax> taxes) {
        /** One rate of the qualified invoice. */
        public record Tax(String rate, String inclusive, String tax) {
        }
    }

    /** What went wrong, in one sentence, the stable error code it is about, and the way back to the shop. */
    public record ProblemView(String heading, String sentence, String code, String shopHref) {
    }
}
