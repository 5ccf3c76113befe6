package dev.contentpay.auth.approval;

import org.jdbi.v3.core.Handle;


/**
 * The subscriber's budget per period. Every change is one conditional statement whose row count is
 * the verdict, so invariant 2 (reserved + charged never above the cap) holds under any concurrency:
 * two reservations that together would pass the cap cannot both match. Every method runs in the
 * caller's transaction ({@code h}), with the approval's change it goes with.
 */
public interface BudgetStore {

    /** The one budget of a prepaid subscriber, for ever; see {@link BudgetPeriods}. */
    String PREPAID_PERIOD = "PREPAID";
    /** The one budget of a points subscriber, for ever; see {@link BudgetPeriods}. */
    String POINTS_PERIOD = "POINTS";

    record Budget(long cap, long reserved, long charged) {
        public long remaining() {
            return cap - reserved - charged;
        }
    }

    /**
     * Raises a prepaid or points budget's cap by {@code amount} (a top-up, points granted or earned);
     * false, and nothing changed, when the cap would overflow a long.
     */
    boolean raiseCap(Handle h, String subscriberId, String period, long amount);

    /**
     * Lowers the cap by {@code amount} (points taken back); false, and nothing changed, when what
     * is reserved and charged would then be above it.
     */
    boolean lowerCap(Handle h, String subscriberId, String period, long amount);

    /** Gives a reservation back (a void). */
    boolean release(Handle h, String subscriberId, String period, long amount);

    /** Gives a charge back (a refund): the budget, or the prepaid balance, is available again. */
    boolean refund(Handle h, String subscriberId, String period, long amount);

    /** Creates the period's budget with {@code cap} unless it exists. */
    void open(Handle h, String subscriberId, String period, long cap);

    /**
     * Sets a credit period's cap to what the limit and the credit policy allow today. A cap never
     * drops below what is already reserved and charged; the lower cap then binds new reservations.
     * Returns the budget as it then stands; a cap that is already right is not written again.
     */
    Budget refreshCap(Handle h, String subscriberId, String period, long cap);

    /**
     * Sets a credit period's cap for a new monthly {@code limit}, in the transaction that sets the
     * limit: false, and nothing changed, when more than {@code limit} is already reserved and
     * charged in the period (the first statement's row count is that verdict, and on PostgreSQL it
     * also locks the row, so no reservation slips in between). Otherwise the cap becomes the lower
     * of the limit and {@code policyCap}, what the credit policy allows; with no policy cap (the
     * bureau could not be asked) the cap can only go down, and the next approval sets it from the
     * policy. A cap never drops below what is used, so a tighter policy stops new reservations.
     */
    boolean setCapForLimit(Handle h, String subscriberId, String period, long limit, java.util.OptionalLong policyCap);

    Budget get(Handle h, String subscriberId, String period);

    /** Reserves {@code amount}; false when that would pass the cap. */
    boolean reserve(Handle h, String subscriberId, String period, long amount);

    /** Turns a reservation into a charge (the payment notice, [0073]). */
    boolean charge(Handle h, String subscriberId, String period, long amount);
}
