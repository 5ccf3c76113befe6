package dev.contentpay.auth.pages;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;

/**
 * Refusals as the person at the page reads them: one plain sentence in the second person, never a
 * code, a class name or a stack trace. The wording never tells an unknown id from a wrong password.
 */
final class Sentences {

    private Sentences() {
    }

    static String of(ContentpayException e) {
        return of(e.code());
    }

    static String of(ErrorCode code) {
        return switch (code) {
            case BAD_CREDENTIALS -> "The subscriber id or password is wrong.";
            case SIGN_IN_LOCKED -> "Too many failed attempts: signing in is locked for a while. Try again later.";
            case PIN_REQUIRED -> "This purchase is above your PIN amount: enter your PIN to approve it.";
            case PIN_WRONG -> "The PIN is wrong.";
            case PIN_LOCKED -> "Too many wrong PINs: your PIN is locked for a while. You can unlock it on your account page with your password.";
            case RATE_LIMITED -> "Too many requests from your network. Wait a moment and try again.";
            case SUBSCRIBER_SUSPENDED -> "Your account is suspended, so it cannot pay for purchases. Please contact your carrier or card issuer.";
            case SUBSCRIBER_CLOSED -> "Your account is closed.";
            case UNKNOWN_MERCHANT -> "This shop is not registered with your issuer, so it cannot be paid this way.";
            case MERCHANT_SUSPENDED -> "Your issuer has suspended this shop, so it cannot be paid this way just now. Nothing was charged.";
            case PURCHASE_INFO_INVALID -> "This purchase is no longer valid: it has expired, was already approved, or was changed on the way. "
                    + "Go back to the shop and choose the item again.";
            case CREDIT_REFUSED -> "Your issuer declined credit for this purchase. Nothing was charged.";
            case LIMIT_EXCEEDED -> "This purchase is more than what remains of your budget. Nothing was charged.";
            case LIMIT_BELOW_USED -> "Your limit cannot be lower than what you have already spent or have pending this month.";
            case BUREAU_UNAVAILABLE -> "Your credit could not be checked just now. Nothing was charged; please try again in a moment.";
            case REQUEST_IN_PROGRESS -> "Your approval is still being processed. Wait a moment and try again.";
            case TERMINAL_REVOKED -> "This browser is no longer remembered. Sign in with your password.";
            case NOT_FOUND -> "There is nothing here with that name.";
            default -> code.retryable() ? "Something went wrong on our side. Nothing was charged; please try again in a moment."
                    : code.title();
        };
    }

    /** Refusals the buyer can put right on the same page (a PIN, a moment's wait); the others end the purchase. */
    static boolean canTryAgain(ErrorCode code) {
        return switch (code) {
            case PIN_REQUIRED, PIN_WRONG, RATE_LIMITED, REQUEST_IN_PROGRESS, BUREAU_UNAVAILABLE -> true;
            case PIN_LOCKED -> false;
            default -> code.retryable();
        };
    }
}
