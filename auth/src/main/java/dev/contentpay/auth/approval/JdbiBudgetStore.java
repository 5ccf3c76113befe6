package dev.contentpay.auth.approval;

import dev.contentpay.platform.db.Sql;
import org.jdbi.v3.core.Handle;

import java.time.Instant;

/** {@link BudgetStore} on SQLite or PostgreSQL through Jdbi; it holds no state, so one instance serves every thread. */
public final class JdbiBudgetStore implements BudgetStore {

    @Override
    public boolean raiseCap(Handle h, String subscriberId, String period, long amount) {
        open(h, subscriberId, period, 0);
        return Sql.update(h, "UPDATE budget SET cap = cap + :amount WHERE subscriber_id = :s AND period = :p AND cap <= :max - :amount")
                .bind("s", subscriberId).bind("p", period).bind("amount", amount).bind("max", Long.MAX_VALUE).execute() == 1;
    }

    @Override
    public boolean lowerCap(Handle h, String subscriberId, String period, long amount) {
        return Sql.update(h, "UPDATE budget SET cap = cap - :amount WHERE subscriber_id = :s AND period = :p AND cap - :amount >= reserved + charged")
                .bind("s", subscriberId).bind("p", period).bind("amount", amount).execute() == 1;
    }

    @Override
    public boolean release(Handle h, String subscriberId, String period, long amount) {
        return Sql.update(h, "UPDATE budget SET reserved = reserved - :amount WHERE subscriber_id = :s AND period = :p AND reserved >= :amount")
                .bind("s", subscriberId).bind("p", period).bind("amount", amount).execute() == 1;
    }

    @Override
    public boolean refund(Handle h, String subscriberId, String period, long amount) {
        return Sql.update(h, "UPDATE budget SET charged = charged - :amount WHERE subscriber_id = :s AND period = :p AND charged >= :amount")
                .bind("s", subscriberId).bind("p", period).bind("amount", amount).execute() == 1;
    }

    @Override
    public void open(Handle h, String subscriberId, String period, long cap) {
        Sql.update(h, """
                        INSERT INTO budget (subscriber_id, period, cap, reserved, charged) VALUES (:s, :p, :cap, 0, 0)
                        ON CONFLICT (subscriber_id, period) DO NOTHING""")
                .bind("s", subscriberId).bind("p", period).bind("cap", cap).execute();
    }

    @Override
    public Budget refreshCap(Handle h, String subscriberId, String period, long cap) {
        // Read first: the cap is nearly always right already, and a read writes no page.
        var found = find(h, subscriberId, period);
        if (found.isEmpty()) {
            open(h, subscriberId, period, cap);
            return get(h, subscriberId, period);
        }
        Budget now = found.get();
        long right = Math.max(cap, now.reserved() + now.charged());
        if (now.cap() == right) return now;
        Sql.update(h, """
                        UPDATE budget SET cap = CASE WHEN reserved + charged > :cap THEN reserved + charged ELSE :cap END
                         WHERE subscriber_id = :s AND period = :p""")
                .bind("s", subscriberId).bind("p", period).bind("cap", cap).execute();
        return get(h, subscriberId, period);
    }

    @Override
    public boolean setCapForLimit(Handle h, String subscriberId, String period, long limit, java.util.OptionalLong policyCap) {
        open(h, subscriberId, period, 0);
        int fits = Sql.update(h, "UPDATE budget SET cap = cap WHERE subscriber_id = :s AND period = :p AND reserved + charged <= :limit")
                .bind("s", subscriberId).bind("p", period).bind("limit", limit).execute();
        if (fits != 1) return false;
        Budget now = get(h, subscriberId, period);
        long cap = Math.min(limit, policyCap.orElse(now.cap()));
        Sql.update(h, "UPDATE budget SET cap = :cap WHERE subscriber_id = :s AND period = :p")
                .bind("s", subscriberId).bind("p", period).bind("cap", Math.max(cap, now.reserved() + now.charged())).execute();
        return true;
    }

    @Override
    public Budget get(Handle h, String subscriberId, String period) {
        return find(h, subscriberId, period).orElse(new Budget(0, 0, 0));
    }

    private static java.util.Optional<Budget> find(Handle h, String subscriberId, String period) {
        return Sql.query(h, "SELECT cap, reserved, charged FROM budget WHERE subscriber_id = :s AND period = :p")
                .bind("s", subscriberId).bind("p", period)
                .map(rs -> new Budget(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
                .findOne();
    }

    @Override
    public boolean reserve(Handle h, String subscriberId, String period, long amount) {
        return Sql.update(h, """
                        UPDATE budget SET reserved = reserved + :amount
                         WHERE subscriber_id = :s AND period = :p AND reserved + charged + :amount <= cap""")
                .bind("s", subscriberId).bind("p", period).bind("amount", amount).execute() == 1;
    }

    @Override
    public boolean charge(Handle h, String subscriberId, String period, long amount) {
        return Sql.update(h, """
                        UPDATE budget SET reserved = reserved - :amount, charged = charged + :amount
                         WHERE subscriber_id = :s AND period = :p AND reserved >= :amount""")
                .bind("s", subscriberId).bind("p", period).bind("amount", amount).execute() == 1;
    }
}
