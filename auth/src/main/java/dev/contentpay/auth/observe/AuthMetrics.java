package dev.contentpay.auth.observe;

import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.observe.Metrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The issuer's business counters, counted after the transaction that made them true has
 * committed: approvals issued and refused by code, allowances granted and judgements refused by
 * code, charges, voids and refunds.
 */
public final class AuthMetrics {

    private static final MeterRegistry REGISTRY = Metrics.of("auth");
    // The counters of every purchase, registered once instead of looked up by name for each.
    private static final Counter ISSUED = REGISTRY.counter("contentpay.approvals.issued");
    private static final Counter GRANTED = REGISTRY.counter("contentpay.allowances.granted");
    private static final Counter CHARGES = REGISTRY.counter("contentpay.charges");

    private AuthMetrics() {
    }

    public static void approvalIssued() {
        ISSUED.increment();
    }

    public static void approvalRefused(ErrorCode code) {
        REGISTRY.counter("contentpay.approvals.refused", "code", code.code()).increment();
    }

    public static void allowanceGranted() {
        GRANTED.increment();
    }

    public static void judgementRefused(ErrorCode code) {
        REGISTRY.counter("contentpay.judgements.refused", "code", code.code()).increment();
    }

    public static void charged() {
        CHARGES.increment();
    }

    public static void voided(String actor) {
        REGISTRY.counter("contentpay.voids", "by", "sweeper".equals(actor) ? "sweeper" : "merchant").increment();
    }

    public static void refunded() {
        REGISTRY.counter("contentpay.refunds").increment();
    }
}
