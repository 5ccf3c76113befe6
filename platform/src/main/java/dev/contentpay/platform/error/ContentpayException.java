package dev.contentpay.platform.error;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A refusal or failure with a code from the catalogue. Its detail is written for the person who
 * sees it and must never hold a secret, a password, a PIN or a whole token.
 */
public class ContentpayException extends RuntimeException {

    private final ErrorCode code;
    private final String detail;
    private final List<Problem.FieldError> errors;
    private Duration retryAfter;

    public ContentpayException(ErrorCode code) {
        this(code, code.title(), List.of(), null);
    }

    public ContentpayException(ErrorCode code, String detail) {
        this(code, detail, List.of(), null);
    }

    public ContentpayException(ErrorCode code, String detail, Throwable cause) {
        this(code, detail, List.of(), cause);
    }

    public ContentpayException(ErrorCode code, String detail, List<Problem.FieldError> errors, Throwable cause) {
        super(code.code() + ": " + detail, cause);
        this.code = code;
        this.detail = detail;
        this.errors = List.copyOf(errors);
    }

    public static ContentpayException invalid(String field, String message) {
        return new ContentpayException(ErrorCode.VALIDATION_FAILED, field + ": " + message,
                List.of(new Problem.FieldError(field, message)), null);
    }

    /** When the caller may try again: sent as {@code Retry-After} with the problem. */
    public ContentpayException withRetryAfter(Duration wait) {
        this.retryAfter = wait;
        return this;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public ErrorCode code() {
        return code;
    }

    public String detail() {
        return detail;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    public Problem toProblem() {
        return Problem.of(code, detail, errors);
    }
}
