package dev.contentpay.platform.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One server's database: a connection pool, its migrations applied at start, and transactions that
 * are retried when the database says the conflict was transient (PostgreSQL serialization failures
 * and deadlocks, SQLite's busy lock). SQLite is the default, embedded, in WAL mode with every commit
 * synced to disk; PostgreSQL is chosen by giving a {@code jdbc:postgresql:} URL.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final int MAX_ATTEMPTS = 8;

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final boolean sqlite;
    /**
     * SQLite has one writer at a time, and a writer that finds the lock taken waits inside native
     * code (busy_timeout). A virtual thread waiting there pins its carrier; with as many waiters as
     * cores, the thread that holds the lock cannot be scheduled to release it, and the JVM stalls
     * (seen with 50 concurrent presentations on 2 cores: stalls of 30 s to minutes). Writers
     * therefore queue here, on a Java lock that a waiting virtual thread leaves its carrier for.
     */
    private final java.util.concurrent.locks.ReentrantLock sqliteWriter = new java.util.concurrent.locks.ReentrantLock(true);

    private Database(HikariDataSource dataSource, boolean sqlite) {
        this.dataSource = dataSource;
        this.sqlite = sqlite;
        this.jdbi = Jdbi.create(dataSource);
    }

    /**
     * Opens the database at {@code jdbcUrl} and applies the migrations under
     * {@code classpath:db/<schema>}.
     */
    public static Database open(String name, String jdbcUrl, String schema, int poolSize) {
        boolean sqlite = jdbcUrl.startsWith("jdbc:sqlite:");
        var config = new HikariConfig();
        config.setPoolName(name + "-db");
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setConnectionTimeout(10_000);
        config.setMetricsTrackerFactory(new com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory(
                dev.contentpay.platform.observe.Metrics.of(name)));
        if (sqlite) {
            createParentFolder(jdbcUrl);
            // WAL lets readers run beside the one writer; synchronous=FULL makes each commit durable
            // before it is acknowledged; IMMEDIATE takes the write lock at BEGIN, so two writers
            // queue on busy_timeout instead of deadlocking when both try to upgrade a read lock.
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "FULL");
            config.addDataSourceProperty("busy_timeout", "30000");
            config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            config.addDataSourceProperty("foreign_keys", "true");
        }
        var dataSource = new HikariDataSource(config);
        try {
            // The platform's own tables (idempotency records) have their own migration history,
            // so each server's schema can number its versions freely.
            Flyway.configure().dataSource(dataSource).table("platform_schema_history")
                    .locations("classpath:db/platform").baselineOnMigrate(true).baselineVersion("0").load().migrate();
            Flyway.configure().dataSource(dataSource).table("schema_history")
                    .locations("classpath:db/" + schema).baselineOnMigrate(true).baselineVersion("0").load().migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new Database(dataSource, sqlite);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public boolean isSqlite() {
        return sqlite;
    }

    public javax.sql.DataSource dataSource() {
        return dataSource;
    }

    /** Runs {@code callback} in one transaction, retrying it when the conflict was transient. */
    public <T> T inTransaction(HandleCallback<T, RuntimeException> callback) {
        for (int attempt = 1; ; attempt++) {
            try {
                if (!sqlite) return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, callback);
                sqliteWriter.lock();
                try {
                    return jdbi.inTransaction(TransactionIsolationLevel.SERIALIZABLE, callback);
                } finally {
                    sqliteWriter.unlock();
                }
            } catch (RuntimeException e) {
                if (attempt >= MAX_ATTEMPTS || !isTransient(e)) throw e;
                LOG.debug("retrying a transaction after a transient conflict (attempt {})", attempt);
                sleepBeforeRetry(attempt);
            }
        }
    }

    public void useTransaction(java.util.function.Consumer<Handle> callback) {
        inTransaction(h -> {
            callback.accept(h);
            return null;
        });
    }

    public <T> T withHandle(HandleCallback<T, RuntimeException> callback) {
        return jdbi.withHandle(callback);
    }

    /** Whether the database is reachable, for readiness checks. */
    public boolean isReachable() {
        try {
            return withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if ("40001".equals(state) || "40P01".equals(state)) return true;
                String message = String.valueOf(sql.getMessage());
                if (message.contains("SQLITE_BUSY") || message.contains("database is locked")) return true;
            }
        }
        return false;
    }

    private static void sleepBeforeRetry(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L << Math.min(attempt, 6)));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a transaction", ie);
        }
    }

    private static void createParentFolder(String jdbcUrl) {
        String file = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        if (query >= 0) file = file.substring(0, query);
        if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) return;
        Path parent = Path.of(file).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the database folder " + parent + ": " + e.getMessage(), e);
        }
    }

    /** The default embedded database of a server: {@code <dataDir>/<name>.db}. */
    public static String sqliteUrl(Path dataDir, String name) {
        return "jdbc:sqlite:" + dataDir.resolve(name + ".db").toAbsolutePath();
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
