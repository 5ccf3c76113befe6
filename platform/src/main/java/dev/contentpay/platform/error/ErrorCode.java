package dev.contentpay.platform.error;

import java.util.Locale;

/**
 * The one catalogue of errors. Each code is stable on the wire (its snake_case name), maps to one
 * HTTP status, says whether repeating the same request may succeed, and carries a plain sentence
 * a buyer or operator can read. Codes are listed roughly in the order they are checked.
 */
public enum ErrorCode {
    VALIDATION_FAILED(400, false, "The request is not valid."),
    IDEMPOTENCY_KEY_MISSING(400, false, "This request needs an Idempotency-Key header."),
    IDEMPOTENCY_KEY_REUSED(422, false, "That idempotency key was already used for a different request."),
    REQUEST_IN_PROGRESS(409, true, "A request with the same idempotency key is still being processed."),
    PAYLOAD_TOO_LARGE(413, false, "The request body is too large."),
    UNSUPPORTED_MEDIA_TYPE(415, false, "The request body must be JSON."),
    URI_TOO_LONG(414, false, "The request's address is too long."),
    HEADERS_TOO_LARGE(431, false, "The request's headers are too large."),
    NOT_FOUND(404, false, "There is nothing at this address."),
    METHOD_NOT_ALLOWED(405, false, "This address does not accept that method."),
    CLIENT_UNAUTHENTICATED(401, false, "The calling server could not be authenticated."),
    WEBHOOK_UNAUTHENTICATED(401, false, "The webhook's signature does not verify under the issuer's webhook keys, or its timestamp is more than 5 minutes off."),

    RATE_LIMITED(429, true, "Too many requests from this address; wait a moment and try again."),
    BAD_CREDENTIALS(401, false, "The subscriber id or password is wrong."),
    SIGN_IN_LOCKED(429, true, "Too many failed attempts: sign-in is locked for a while; try again later."),
    PIN_REQUIRED(401, false, "This purchase is above your PIN amount: enter your PIN."),
    PIN_WRONG(401, false, "The PIN is wrong."),
    PIN_LOCKED(429, true, "Too many wrong PINs: PIN use is locked for a while, or until you unlock it with your password."),
    TERMINAL_PROOF_INVALID(401, false, "The terminal's proof is not valid: it was altered, replayed or is too old."),
    TERMINAL_REVOKED(401, false, "This terminal's credential was revoked or is unknown; enroll the terminal again."),
    SUBSCRIBER_SUSPENDED(403, false, "The subscriber's account is suspended."),
    SUBSCRIBER_CLOSED(403, false, "The subscriber's account is closed."),
    UNKNOWN_MERCHANT(403, false, "The merchant is not registered with the issuer."),
    MERCHANT_SUSPENDED(403, false, "The merchant is suspended by the issuer and can take no new purchases."),
    PURCHASE_INFO_INVALID(400, false, "The purchasing information is not valid: it was altered, has expired, was not sealed by the merchant's shop or sends the buyer to settle elsewhere than the merchant registered."),
    UNKNOWN_ITEM(404, false, "The shop has no such item."),
    CREDIT_REFUSED(422, false, "The issuer declined credit for this subscriber."),
    LIMIT_EXCEEDED(422, false, "The purchase would exceed the subscriber's remaining budget."),
    LIMIT_BELOW_USED(409, false, "The limit cannot be set below what is already reserved and charged this month."),

    APPROVAL_INVALID(400, false, "The purchase approval is not valid."),
    APPROVAL_EXPIRED(410, false, "The purchase approval has expired."),
    APPROVAL_ALREADY_USED(409, false, "The purchase approval has already been used."),
    APPROVAL_WRONG_MERCHANT(403, false, "The purchase approval was issued for another merchant."),
    AMOUNT_MISMATCH(422, false, "The amount does not match the approved purchase."),
    ALREADY_CHARGED(409, false, "The allowance has already been charged; refund it instead."),
    PAYMENT_NOT_CHARGED(409, true, "The payment notice for this allowance has not been applied yet; try the refund again later."),
    REFUND_EXCEEDS_REMAINING(409, false, "The refund is more than what remains of the settled amount to refund; nothing was refunded."),
    ALLOWANCE_INVALID(502, true, "The issuer's payment allowance could not be verified; nothing was settled."),

    REVERSAL_REASON_UNKNOWN(422, false, "The reason is not one of the reversal reasons: not_received, not_as_described, unauthorized, duplicate, customer_care."),
    REVERSAL_OPEN(409, false, "A reversal of this purchase is open: no other reversal or refund of it until the open one is decided."),
    REVERSAL_NOT_FOUND(404, false, "There is no such reversal."),
    REVERSAL_NOT_OPEN(409, false, "The reversal was already answered; only an open reversal can be accepted or contested."),
    REVERSAL_NOT_CONTESTED(409, false, "Only a contested reversal is decided by the issuer; this one is open or already closed."),
    PURCHASE_REVERSED(403, false, "This purchase was reversed by the issuer; its content is no longer delivered."),
    SETTLEMENT_NOT_FOUND(404, false, "There is no such settlement."),
    DOWNLOAD_FORBIDDEN(403, false, "This download link is not valid for you, or has expired."),
    RANGE_NOT_SATISFIABLE(416, false, "The requested byte range lies beyond the end of the content."),
    CONTENT_MISMATCH(502, true, "The downloaded content does not match the receipt's hash; the file was deleted, download it again."),
    WEBHOOK_NOT_FAILED(409, false, "Only a failed delivery can be sent again; this one is pending or delivered."),
    SANDBOX_TOKEN(403, false, "The token or event was issued in another environment: sandbox and live never accept each other's."),
    SANDBOX_ONLY(403, false, "Sandbox faults can be asked for only from a sandbox server; this one is live."),
    SANDBOX_FAULT(503, true, "The sandbox issuer dropped this answer on purpose, as asked; send the request again."),

    SERVER_BUSY(503, true, "The server is busy checking other sign-ins; nothing was done, try again in a moment."),
    AUTH_UNAVAILABLE(503, true, "The issuer did not answer in time; nothing was charged."),
    BUREAU_UNAVAILABLE(503, true, "The credit bureau could not be reached; please try again later."),
    SHOP_UNAVAILABLE(503, true, "The shop could not be reached; please try again later."),
    SETTLEMENT_UNAVAILABLE(503, true, "The merchant's settlement server could not be reached; please try again later."),
    INTERNAL_ERROR(500, true, "Something went wrong on our side; nothing committed was lost.");

    private final int status;
    private final boolean retryable;
    private final String title;

    ErrorCode(int status, boolean retryable, String title) {
        this.status = status;
        this.retryable = retryable;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The plain sentence that explains this error. */
    public String title() {
        return title;
    }

    /** The stable wire name, for example {@code approval_already_used}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ErrorCode fromCode(String code) {
        if (code == null) return INTERNAL_ERROR;
        try {
            return valueOf(code.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return INTERNAL_ERROR;
        }
    }
}
