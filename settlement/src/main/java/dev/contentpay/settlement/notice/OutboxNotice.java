package dev.contentpay.settlement.notice;

import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.PaymentNotice;

import java.time.Instant;

/** A payment notice waiting in the outbox, with how many deliveries have failed so far. */
public record OutboxNotice(String allowanceId, String settlementId, Money amount, Instant settledAt, int attempts) {

    public PaymentNotice toPaymentNotice() {
        return new PaymentNotice(allowanceId, settlementId, amount, settledAt);
    }

    /**
     * The issuer applies a notice once per allowance, so every delivery of the same notice, from
     * any process and after any restart, carries the same key.
     */
    public String idempotencyKey() {
        return "notice-" + allowanceId;
    }
}
