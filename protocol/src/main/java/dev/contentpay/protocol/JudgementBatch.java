package dev.contentpay.protocol;

import dev.contentpay.platform.error.ContentpayException;

import java.util.HashSet;
import java.util.List;

/**
 * Several judgements in one call on the dedicated line: one exchange and one binding for all of
 * them, each judged on its own at the issuer exactly as if it had come alone with its own
 * {@code Idempotency-Key} (the same key gives the same verdict, alone or in any batch). A batch
 * holds 1 to {@value #MAX_JUDGEMENTS} judgements, each key at most once, and like every request body at
 * most 64 KiB (settlement's batches stay under 60 KiB).
 */
public record JudgementBatch(List<Item> judgements) {

    public static final int MAX_JUDGEMENTS = 100;

    /**
     * One judgement: the request a judgement alone carries, the idempotency key it would carry in
     * its header, and the {@code traceparent} of the purchase it is for (optional: the batch's own
     * header cannot carry one trace a purchase; the issuer keeps it in its own log as the caller's).
     */
    public record Item(String idempotencyKey, JudgeRequest request, String traceparent) {
        public Item(String idempotencyKey, JudgeRequest request) {
            this(idempotencyKey, request, null);
        }

        public Item {
            if (traceparent != null && traceparent.length() > 64) throw ContentpayException.invalid("traceparent", "must be at most 64 characters");
            if (idempotencyKey == null || idempotencyKey.isBlank()) throw ContentpayException.invalid("idempotencyKey", "is required");
            if (idempotencyKey.length() > 255 || !idempotencyKey.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
                throw ContentpayException.invalid("idempotencyKey", "must be 1 to 255 visible ASCII characters");
            }
            if (request == null) throw ContentpayException.invalid("request", "is required");
        }
    }

    public JudgementBatch {
        if (judgements == null || judgements.isEmpty()) throw ContentpayException.invalid("judgements", "must hold at least one judgement");
        if (judgements.size() > MAX_JUDGEMENTS) {
            throw ContentpayException.invalid("judgements", "must hold at most " + MAX_JUDGEMENTS + " judgements");
        }
        var keys = new HashSet<String>();
        for (Item item : judgements) {
            if (item == null) throw ContentpayException.invalid("judgements", "must not hold null");
            if (!keys.add(item.idempotencyKey())) {
                throw ContentpayException.invalid("judgements", "holds one idempotency key twice");
            }
        }
        judgements = List.copyOf(judgements);
    }
}
