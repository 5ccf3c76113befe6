package dev.contentpay.settlement.observe;

/** The counts behind {@link SettlementMetrics}, read afresh at every scrape. */
public interface MetricsStore {

    /** Settlements recorded (rows never deleted, so the count only grows). */
    long settlements();

    /** Refunds recorded (rows never deleted, so the count only grows). */
    long refunds();

    /** Outbox messages not yet acknowledged. */
    long pendingMessages();

    /** Outbox messages that ran out of attempts. */
    long deadMessages();

    /** When the oldest pending outbox message was created, in epoch millis; 0 when none is pending. */
    long oldestPendingCreatedAt();
}
