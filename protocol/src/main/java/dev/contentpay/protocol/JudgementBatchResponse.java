package dev.contentpay.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.contentpay.platform.error.Problem;

import java.util.List;

/**
 * The issuer's answer to each judgement of a {@link JudgementBatch}, in the batch's order: the
 * {@code status} and body the judgement alone would have got, as {@code allowance} (200, the
 * same {@link JudgeResponse}) or as {@code problem} (the same problem document with its stable
 * code, retryable or final).
 */
public record JudgementBatchResponse(List<Result> results) {

    /** One judgement's answer; exactly one of {@code allowance} and {@code problem}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(String idempotencyKey, int status, JudgeResponse allowance, Problem problem) {
        public static Result allowed(String idempotencyKey, JudgeResponse allowance) {
            return new Result(idempotencyKey, 200, allowance, null);
        }

        public static Result refused(String idempotencyKey, Problem problem) {
            return new Result(idempotencyKey, problem.status(), null, problem);
        }
    }
}
