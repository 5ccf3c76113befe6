package dev.contentpay.settlement.reconcile;

import dev.contentpay.platform.money.Money;

import java.time.Instant;

/**
 * One difference between the issuer's record of a day and ours.
 *
 * @param kind   {@code charge} or {@code refund}; {@code day} for a difference of the whole day
 * @param type   {@code missing_at_issuer}: we hold it and the issuer does not list it;
 *               {@code missing_at_settlement}: the issuer lists it and we do not hold it on that day;
 *               {@code amount_differs}: both hold it for different amounts;
 *               {@code status_differs}: both know of it but disagree on where it stands (for example
 *               the issuer charged a payment whose acknowledgement we never received);
 *               {@code zone_differs}: the issuer cuts its days in another time zone than ours
 * @param ours   our amount, or null when we do not hold it
 * @param issuers the issuer's amount, or null when it does not list it
 * @param detail a sentence for the operator
 */
public record Mismatch(String kind, String type, String allowanceId, String settlementId, String refundId, Money ours,
                       Money issuers, Instant at, String detail) {

    public static final String MISSING_AT_ISSUER = "missing_at_issuer";
    public static final String MISSING_AT_SETTLEMENT = "missing_at_settlement";
    public static final String AMOUNT_DIFFERS = "amount_differs";
    public static final String STATUS_DIFFERS = "status_differs";
    public static final String ZONE_DIFFERS = "zone_differs";
}
