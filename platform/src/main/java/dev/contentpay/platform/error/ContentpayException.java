package dev.contentpay.platform.error;

import java.util.List;

/**
 * A refusal or failure with a code from the catalogue. Its detail is written for the person who
 * sees it and must never hold a secret, a password, a PIN or a whole token.
 */
public class ContentpayException extends RuntimeException {

    private final ErrorCode code;
    private final String detail;
    private final List<Problem.FieldError> errors;

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
