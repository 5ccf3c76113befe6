package dev.contentpay.auth.subscriber;

import dev.contentpay.auth.approval.BudgetStore;
import dev.contentpay.platform.crypto.PasswordHasher;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.db.Sql;
import org.jdbi.v3.core.Handle;

import java.time.Clock;
import java.util.Optional;

/** {@link SubscriberStore} on SQLite or PostgreSQL through Jdbi. */
public final class JdbiSubscriberStore implements SubscriberStore {

    private final Database db;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final BudgetStore budgets;

    public JdbiSubscriberStore(Database db, PasswordHasher hasher, Clock clock, BudgetStore budgets) {
        this.db = db;
        this.hasher = hasher;
        this.clock = clock;
        this.budgets = budgets;
    }

    @Override
    public Optional<Subscriber> find(String id) {
        return db.withHandle(h -> find(h, id));
    }

    @Override
    public Optional<Subscriber> find(Handle h, String id) {
        return Sql.query(h, """
                        SELECT id, display_name, password_hash, pin_hash, status, limit_kind, credit_limit, currency, bureau_reference, pin_threshold
                          FROM subscriber WHERE id = :id""")
                .bind("id", id)
                .map(rs -> new Subscriber(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Subscriber.Status.valueOf(rs.getString(5)), Subscriber.LimitKind.valueOf(rs.getString(6)),
                        rs.getLong(7), rs.getString(8), rs.getString(9), rs.getObject(10) == null ? null : rs.getLong(10)))
                .findOne();
    }

    @Override
    public boolean registerIfAbsent(Registration r) {
        if (find(r.id()).isPresent()) return false;
        String passwordHash = hasher.hash(r.password());
        String pinHash = r.pin() == null ? null : hasher.hash(r.pin());
        return db.inTransaction(h -> {
            int added = Sql.update(h, """
                            INSERT INTO subscriber (id, display_name, password_hash, pin_hash, status, limit_kind, credit_limit, currency, bureau_reference, pin_threshold, created_at)
                            VALUES (:id, :name, :password, :pin, :status, :kind, :limit, :currency, :bureau, :pinThreshold, :now)
                            ON CONFLICT (id) DO NOTHING""")
                    .bind("id", r.id()).bind("name", r.displayName()).bind("password", passwordHash).bind("pin", pinHash)
                    .bind("status", r.status().name()).bind("kind", r.limitKind().name())
                    .bind("limit", r.limitKind() == Subscriber.LimitKind.CREDIT ? r.limit() : 0L)
                    .bind("currency", r.currency()).bind("bureau", r.bureauReference()).bind("pinThreshold", r.pinThreshold())
                    .bind("now", clock.millis())
                    .execute();
            if (added == 1 && r.limitKind() != Subscriber.LimitKind.CREDIT) {
                // A prepaid balance or a points balance is one budget for ever; its cap is what was
                // paid in (or earned), so the balance is cap - charged.
                budgets.open(h, r.id(), r.limitKind().name(), r.limit());
            }
            return added == 1;
        });
    }

    @Override
    public void changeStatus(Handle h, String id, Subscriber.Status to, long now) {
        Sql.update(h, "UPDATE subscriber SET status = :status, closed_at = CASE WHEN :status = 'CLOSED' THEN :now ELSE closed_at END WHERE id = :id")
                .bind("status", to.name()).bind("now", now).bind("id", id).execute();
    }

    @Override
    public boolean setCreditLimit(Handle h, String id, long limit, boolean onlyLower) {
        return Sql.update(h, "UPDATE subscriber SET credit_limit = :limit WHERE id = :id" + (onlyLower ? " AND credit_limit >= :limit" : ""))
                .bind("limit", limit).bind("id", id).execute() == 1;
    }

    @Override
    public boolean setPinThreshold(Handle h, String id, Long threshold) {
        return Sql.update(h, "UPDATE subscriber SET pin_threshold = :threshold WHERE id = :id AND status = 'ACTIVE'")
                .bind("threshold", threshold).bind("id", id).execute() == 1;
    }
}
