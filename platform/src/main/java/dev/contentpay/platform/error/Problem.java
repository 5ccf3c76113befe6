package dev.contentpay.platform.error;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * An RFC 9457 problem document with contentpay's two extensions: a stable {@code code} from
 * {@link ErrorCode} and whether a {@code retryable} repeat of the request may succeed.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String code, boolean retryable,
                      List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public record FieldError(String field, String message) {
    }

    public static Problem of(ErrorCode code, String detail, List<FieldError> errors) {
        return new Problem("https://contentpay.dev/problems/" + code.code().replace('_', '-'), code.title(),
                code.status(), detail, code.code(), code.retryable(), errors == null ? List.of() : errors);
    }

    public static Problem of(ErrorCode code) {
        return of(code, code.title(), List.of());
    }

    public ErrorCode errorCode() {
        return ErrorCode.fromCode(code);
    }

    public ContentpayException toException() {
        return new ContentpayException(errorCode(), detail == null ? title : detail,
                errors == null ? List.of() : errors, null);
    }
}
