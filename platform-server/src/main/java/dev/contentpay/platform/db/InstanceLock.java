package dev.contentpay.platform.db;

import org.jdbi.v3.core.Handle;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Tells the rows a live process owns from those a dead one left. On PostgreSQL each open
 * {@link Database} holds a session advisory lock on its own connection, keyed by a random instance
 * id; the server drops the lock the moment that connection ends, {@code kill -9} included, so the
 * locks held are exactly the live instances. SQLite is one process per file: every other owner is
 * dead.
 */
final class InstanceLock implements AutoCloseable {

    /** The first half of every contentpay advisory lock key ("cpay"), so other users' locks are never read. */
    static final int NAMESPACE = 0x63706179;

    private final long id;
    private final Connection session;

    private InstanceLock(long id, Connection session) {
        this.id = id;
        this.session = session;
    }

    static InstanceLock sqlite() {
        return new InstanceLock(ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE), null);
    }

    /** Takes a lock on a fresh key of its own, on a connection outside the pool that lives as long as this instance. */
    static InstanceLock postgres(String jdbcUrl) {
        try {
            Connection c = DriverManager.getConnection(jdbcUrl);
            try {
                for (int attempt = 0; attempt < 16; attempt++) {
                    int key = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
                    try (var st = c.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
                        st.setInt(1, NAMESPACE);
                        st.setInt(2, key);
                        try (var rs = st.executeQuery()) {
                            if (rs.next() && rs.getBoolean(1)) return new InstanceLock(key, c);
                        }
                    }
                }
                throw new IllegalStateException("no free instance key after 16 tries");
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take this instance's lock on the database: " + e.getMessage(), e);
        }
    }

    long id() {
        return id;
    }

    /** The ids of the instances alive on this database, this one included. */
    List<Long> live(Handle h) {
        if (session == null) return List.of(id);
        return h.createQuery("SELECT objid::bigint FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = :ns "
                        + "AND objsubid = 2 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")
                .bind("ns", NAMESPACE).mapTo(Long.class).list();
    }

    @Override
    public void close() {
        if (session == null) return;
        try {
            session.close();
        } catch (SQLException e) {
            // Closing the connection is what releases the lock; the server drops it when the socket goes anyway.
        }
    }
}
