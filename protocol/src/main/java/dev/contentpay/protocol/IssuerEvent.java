package dev.contentpay.protocol;

import dev.contentpay.platform.money.Money;

import java.time.Instant;
import java.util.List;

/**
 * An event the issuer pushes to a merchant as a signed webhook and keeps in the merchant's feed:
 * the same JSON, byte for byte, on every delivery. Its {@code id} is unique and sorts by the time
 * the event was made; the merchant applies each event once by it.
 *
 * @param type       one of {@link #TYPES}; {@code reversal.opened} and {@code reversal.decided} are reserved and not sent yet
 * @param approvalId the approval the event is about
 * @param allowanceId its allowance, when it was judged
 * @param settlementId the merchant's settlement that charged it, when one did
 * @param refundId   for {@code refund.applied}: the merchant's refund
 * @param amount     for {@code allowance.voided} the reservation given back, for {@code refund.applied} the refund's amount,
 *                   for {@code approval.expired} the approval's amount
 * @param refunded   for {@code refund.applied}: how much of the charge is refunded once it is applied
 * @param occurredAt when the issuer made the change
 * @param env        the issuer's environment, {@code live} or {@code sandbox} (docs/MERCHANTS.md, "Sandbox"); a merchant
 *                   refuses an event of the other environment with {@code sandbox_token}; absent in events made before it, which are live
 */
public record IssuerEvent(String id, String type, String merchantId, String approvalId, String allowanceId, String settlementId,
                          String refundId, Money amount, Money refunded, Instant occurredAt, String env) {

    public static final String ALLOWANCE_VOIDED = "allowance.voided";
    public static final String REFUND_APPLIED = "refund.applied";
    public static final String APPROVAL_EXPIRED = "approval.expired";
    /** Reserved: reversals are not made yet, and no event of these types is sent. */
    public static final String REVERSAL_OPENED = "reversal.opened";
    /** Reserved, like {@link #REVERSAL_OPENED}. */
    public static final String REVERSAL_DECIDED = "reversal.decided";
    public static final List<String> TYPES = List.of(ALLOWANCE_VOIDED, REFUND_APPLIED, APPROVAL_EXPIRED, REVERSAL_OPENED, REVERSAL_DECIDED);

    /** A page of a merchant's feed, oldest first; {@code next} is the id to read after, null at the end. */
    public record Page(List<IssuerEvent> events, String next) {
    }
}
