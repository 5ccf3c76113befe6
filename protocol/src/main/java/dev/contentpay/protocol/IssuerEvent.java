package dev.contentpay.protocol;

import dev.contentpay.platform.money.Money;

import java.time.Instant;
import java.util.List;

/**
 * An event the issuer pushes to a merchant as a signed webhook and keeps in the merchant's feed:
 * the same JSON, byte for byte, on every delivery. Its {@code id} is unique and sorts by the time
 * the event was made; the merchant applies each event once by it.
 *
 * @param type       one of {@link #TYPES}
 * @param approvalId the approval the event is about
 * @param allowanceId its allowance, when it was judged
 * @param settlementId the merchant's settlement that charged it, when one did
 * @param refundId   for {@code refund.applied}: the merchant's refund; for {@code reversal.decided} with money given back, the
 *                   reversal's id, under which both ends record its refund
 * @param amount     for {@code allowance.voided} the reservation given back, for {@code refund.applied} the refund's amount,
 *                   for {@code approval.expired} the approval's amount
 *                   for {@code reversal.opened} what it asks back, for {@code reversal.decided} what it gave back (0 when rejected)
 * @param refunded   for {@code refund.applied} and {@code reversal.decided}: how much of the charge is refunded once it is applied
 * @param reversal   for {@code reversal.opened} and {@code reversal.decided}: the reversal as it stands then (never the subscriber's
 *                   id); left out of the JSON of the other types, which stay as they always were
 * @param occurredAt when the issuer made the change
 * @param env        the issuer's environment, {@code live} or {@code sandbox} (docs/MERCHANTS.md, "Sandbox"); a merchant
 *                   refuses an event of the other environment with {@code sandbox_token}; absent in events made before it, which are live
 */
public record IssuerEvent(String id, String type, String merchantId, String approvalId, String allowanceId, String settlementId,
                          String refundId, Money amount, Money refunded, Instant occurredAt,
                          @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) ReversalView reversal,
                          String env) {

    /** An event that is not about a reversal. */
    public IssuerEvent(String id, String type, String merchantId, String approvalId, String allowanceId, String settlementId,
                       String refundId, Money amount, Money refunded, Instant occurredAt, String env) {
        this(id, type, merchantId, approvalId, allowanceId, settlementId, refundId, amount, refunded, occurredAt, null, env);
    }

    public static final String ALLOWANCE_VOIDED = "allowance.voided";
    public static final String REFUND_APPLIED = "refund.applied";
    public static final String APPROVAL_EXPIRED = "approval.expired";
    /** The issuer opened a reversal: the merchant answers it (accept or contest) over the dedicated line. */
    public static final String REVERSAL_OPENED = "reversal.opened";
    /** A reversal was decided: accepted by the merchant, or upheld or rejected by the issuer. */
    public static final String REVERSAL_DECIDED = "reversal.decided";
    public static final List<String> TYPES = List.of(ALLOWANCE_VOIDED, REFUND_APPLIED, APPROVAL_EXPIRED, REVERSAL_OPENED, REVERSAL_DECIDED);

    /** A page of a merchant's feed, oldest first; {@code next} is the id to read after, null at the end. */
    public record Page(List<IssuerEvent> events, String next) {
    }
}
