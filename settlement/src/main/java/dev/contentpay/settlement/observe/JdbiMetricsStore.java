package dev.contentpay.settlement.observe;

import dev.contentpay.platform.db.Database;

/** {@link MetricsStore} on SQLite or PostgreSQL through Jdbi. */
public final class JdbiMetricsStore implements MetricsStore {

    private final Database db;

    public JdbiMetricsStore(Database db) {
        this.db = db;
    }

    @Override
    public long settlements() {
        return count("SELECT COUNT(*) FROM settlement");
    }

    @Override
    public long refunds() {
        return count("SELECT COUNT(*) FROM refund");
    }

    @Override
    public long pendingMessages() {
        return count("SELECT COUNT(*) FROM outbox WHERE status = 'PENDING'");
    }

    @Override
    public long deadMessages() {
        return count("SELECT COUNT(*) FROM outbox WHERE status = 'DEAD'");
    }

    @Override
    public long oldestPendingCreatedAt() {
        return count("SELECT COALESCE(MIN(created_at), 0) FROM outbox WHERE status = 'PENDING'");
    }

    private long count(String sql) {
        return db.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
