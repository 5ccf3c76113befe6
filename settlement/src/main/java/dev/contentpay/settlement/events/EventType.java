package dev.contentpay.settlement.events;

import java.util.Locale;

/** What an event of the feed records; the wire name is the lower-case name ({@code refund_confirmed}). */
public enum EventType {
    /** A purchase was settled: settlement, ledger journal and payment notice committed. */
    SETTLED,
    /** The issuer acknowledged the payment notice: the buyer is charged. */
    CHARGED,
    /** The merchant refunded a settlement: refund, ledger journal and refund notice committed. */
    REFUNDED,
    /** The issuer acknowledged the refund: the buyer is credited. */
    REFUND_CONFIRMED,
    /** Settlement gave up waiting for the issuer's allowance; the approval will never be settled. */
    TIMED_OUT,
    /** The issuer answered our void of an approval we gave up on. */
    VOIDED,
    /** A message to the issuer failed its last attempt and is on the dead-letter list. */
    DEAD_LETTERED,
    /** An operator sent a dead letter again. */
    RESENT,
    /**
     * The issuer told us of a change on its side (a signed webhook or its feed, applied once by
     * event id): an allowance voided, a refund applied, an approval expired unused.
     */
    ISSUER_EVENT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
