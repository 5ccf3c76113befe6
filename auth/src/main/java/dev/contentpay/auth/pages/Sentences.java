package dev.contentpay.auth.pages;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.web.PageLanguage;

/**
 * Refusals as the person at the page reads them: one plain sentence in the second person, in the
 * page's language ({@code error.CODE} of the bundle), never a class name or a stack trace. The
 * wording never tells an unknown id from a wrong password.
 */
final class Sentences {

    private Sentences() {
    }

    static String of(PageLanguage msg, ContentpayException e) {
        return of(msg, e.code());
    }

    static String of(PageLanguage msg, ErrorCode code) {
        return msg.errorSentence(code.code(), code.retryable());
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
