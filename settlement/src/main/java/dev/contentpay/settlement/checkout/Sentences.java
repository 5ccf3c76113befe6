package dev.contentpay.settlement.checkout;

import dev.contentpay.platform.error.ErrorCode;

/** Refusals as a buyer reads them on the merchant's checkout pages: one plain sentence, never a code or a trace. */
final class Sentences {

    private Sentences() {
    }

    static String of(ErrorCode code) {
        return switch (code) {
            case APPROVAL_EXPIRED -> "The approval expired before it reached us. Nothing was charged. Go back to the shop and buy again.";
            case APPROVAL_ALREADY_USED -> "This approval was already used, so nothing more was charged.";
            case APPROVAL_INVALID, APPROVAL_WRONG_MERCHANT, AMOUNT_MISMATCH, PURCHASE_INFO_INVALID, IDEMPOTENCY_KEY_REUSED, VALIDATION_FAILED ->
                    "The approval does not fit this purchase. Nothing was charged. Go back to the shop and buy again.";
            case LIMIT_EXCEEDED -> "Your issuer refused the payment: it is more than what remains of your budget. Nothing was charged.";
            case CREDIT_REFUSED, SUBSCRIBER_SUSPENDED -> "Your issuer refused the payment. Nothing was charged.";
            case AUTH_UNAVAILABLE -> "Your issuer did not confirm the payment in time, so nothing was charged. Go back to the shop and buy again.";
            case SHOP_UNAVAILABLE -> "The shop could not be reached, so nothing was charged. Please try again in a moment.";
            case REQUEST_IN_PROGRESS -> "Your payment is still being processed. Wait a moment, then reload this page.";
            case DOWNLOAD_FORBIDDEN -> "This download is not available in this browser any more: its time is over, or the purchase was refunded.";
            case SETTLEMENT_NOT_FOUND, NOT_FOUND -> "There is no such receipt.";
            default -> code.retryable() ? "Something went wrong on our side; nothing that was paid is lost. Please try again in a moment."
                    : code.title();
        };
    }
}
