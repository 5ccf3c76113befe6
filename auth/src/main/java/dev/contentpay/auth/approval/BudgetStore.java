package dev.contentpay.auth.approval;

import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The subscriber's budget per period. Every change is one conditional statement whose row count is
 * the verdict, so invariant 2 (reserved + charged never above the cap) holds under any concurrency:
 * two reservations that together would pass the cap cannot both match.
 */
public final class BudgetStore {

    public static final String PREPAID_PERIOD = "PREPAID";
    public static final String POINTS_PERIOD = "POINTS";
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);

    public record Budget(long cap, long reserved, long charged) {
        public long remaining() {
            return cap - reserved - charged;
        }
    }

    private BudgetStore() {
    }

    /** The calendar month (UTC) a credit purchase at {@code at} counts against. */
    public static String monthOf(Instant at) {
        return MONTH.format(at);
    }

    /** The budget a purchase by {@code subscriber} at {@code at} counts against. */
    public static String periodOf(dev.contentpay.auth.subscriber.Subscriber subscriber, Instant at) {
        return switch (subscriber.limitKind()) {
            case CREDIT -> monthOf(at);
            case PREPAID -> PREPAID_PERIOD;
            case POINTS -> POINTS_PERIOD;
        };
    }

    /** Raises a prepaid or points budget's cap (a top-up, points granted or earned). */
    /** Raises the cap by {@code amount}; false, and nothing changed, when the cap would overflow a long. */
    public static boolean raiseCap(Handle h, String subscriberId, String period, long amount) {
        open(h, subscriberId, period, 0);
        return h.createUpdate("UPDATE budget SET cap = cap + :amount WHERE subscriber_id = :s AND period = :p AND cap <= :max - :amount")
                .bind("s", subscriberId).bind("p", period).bind("amount", amount).bind("max", Long.MAX_VALUE).execute() == 1;
    }

    /**
     * Lowers the cap by {@code amount} (points taken back); false, and nothing changed, when what
     * is reserved and charged would then be above it.
     */
    public static boolean lowerCap(Handle h, String subscriberId, String period, long amount) {
        return h.createUpdate("UPDATE budget SET cap = cap - :amount WHERE subscriber_id = :s AND period = :p AND cap - :amount >= reserved + charged")
                .bind("s", subscriberId).bind("p", period).bind("amount", amount).execute() == 1;
    }

    /** Gives a reservation back (a void). */
    public static boolean release(Handle h, String subscriberId, String period, long amount) {
        return h.createUpdate("UPDATE budget SET reserved = reserved - :amount WHERE subscriber_id = :s AND period = :p AND reserved >= :amount")
                .bind("s", subscriberId).bind("p", period).bind("amount", amount).execute() == 1;
    }

    /** Gives a charge back (a refund): the budget, or the prepaid balance, is available again. */
    public static boolean refund(Handle h, String subscriberId, String period, long amount) {
        return h.createUpdate("UPDATE budget SET charged = charged - :amount WHERE subscriber_id = :s AND period = :p AND charged >= :amount")
                .bind("s", subscriberId).bind("p", period).bind("amount", amount).execute() == 1;
    }

    /** Creates the period's budget with {@code cap} unless it exists. */
    public static void open(Handle h, String subscriberId, String period, long cap) {
        h.createUpdate("""
                        INSERT INTO budget (subscriber_id, period, cap, reserved, charged) VALUES (:s, :p, :cap, 0, 0)
                        ON CONFLICT (subscriber_id, period) DO NOTHING""")
                .bind("s", subscriberId).bind("p", period).bind("cap", cap).execute();
    }

    /**
     * Sets a credit period's cap to what the limit and the credit policy allow today. A cap never
     * drops below what is already reserved and charged; the lower cap then binds new reservations.
     */
    public static void refreshCap(Handle h, String subscriberId, String period, long cap) {
        open(h, subscriberId, period, cap);
        h.createUpdate("""
                        UPDATE budget SET cap = CASE WHEN reserved + charged > :cap THEN reserved + charged ELSE :cap END
                         WHERE subscriber_id = :s AND period = :p""")
                .bind("s", subscriberId).bind("p", period).bind("cap", cap).execute();
    }

    /**
     * Sets a credit period's cap for a new monthly {@code limit}, in the transaction that sets the
     * limit: false, and nothing changed, when more than {@code limit} is already reserved and
     * charged in the period (the first statement's row count is that verdict, and on PostgreSQL it
     * also locks the row, so no reservation slips in between). Otherwise the cap becomes the lower
     * of the limit and {@code policyCap}, what the credit policy allows; with no policy cap (the
     * bureau could not be asked) the cap can only go down, and the next approval sets it from the
     * policy. A cap never drops below what is used, so a tighter policy stops new reservations.
     */
    public static boolean setCapForLimit(Handle h, String subscriberId, String period, long limit, java.util.OptionalLong policyCap) {
        open(h, subscriberId, period, 0);
        int fits = h.createUpdate("UPDATE budget SET cap = cap WHERE subscriber_id = :s AND period = :p AND reserved + charged <= :limit")
                .bind("s", subscriberId).bind("p", period).bind("limit", limit).execute();
        if (fits != 1) return false;
        Budget now = get(h, subscriberId, period);
        long cap = Math.min(limit, policyCap.orElse(now.cap()));
        h.createUpdate("UPDATE budget SET cap = :cap WHERE subscriber_id = :s AND period = :p")
                .bind("s", subscriberId).bind("p", period).bind("cap", Math.max(cap, now.reserved() + now.charged())).execute();
        return true;
    }

    public static Budget get(Handle h, String subscriberId, String period) {
        return h.createQuery("SELECT cap, reserved, charged FROM budget WHERE subscriber_id = :s AND period = :p")
                .bind("s", subscriberId).bind("p", period)
                .map((rs, ctx) -> new Budget(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
                .findOne().orElse(new Budget(0, 0, 0));
    }

    /** Reserves {@code amount}; false when that would pass the cap. */
    public static boolean reserve(Handle h, String subscriberId, String period, long amount) {
        return h.createUpdate("""
                        UPDATE budget SET reserved = reserved + :amount
                         WHERE subscriber_id = :s AND period = :p AND reserved + charged + :amount <= cap""")
                .bind("s", subscriberId).bind("p", period).bind("amount", amount).execute() == 1;
    }

    /** Turns a reservation into a charge (the payment notice, [0073]). */
    public static boolean charge(Handle h, String subscriberId, String period, long amount) {
        return h.createUpdate("""
                        UPDATE budget SET reserved = reserved - :amount, charged = charged + :amount
                         WHERE subscriber_id = :s AND period = :p AND reserved >= :amount""")
                .bind("s", subscriberId).bind("p", period).bind("amount", amount).execute() == 1;
    }
}
