package dev.contentpay.protocol;

import java.util.List;

/**
 * The issuer's verdict on each notice of a {@link PaymentNoticeBatch}, in the batch's order: the
 * same acknowledgement a notice sent alone gets ({@code status} {@code charged}), or a refusal
 * ({@code status} {@code refused}) with the stable error code the notice alone would have got.
 */
public record PaymentNoticeBatchResponse(List<Result> results) {

    public static final String CHARGED = "charged";
    public static final String REFUSED = "refused";

    /** One notice's verdict; {@code code} only when refused. */
    public record Result(String allowanceId, String status, String code) {
        public static Result charged(String allowanceId) {
            return new Result(allowanceId, CHARGED, null);
        }

        public static Result refused(String allowanceId, String code) {
            return new Result(allowanceId, REFUSED, code);
        }
    }
}
