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
import java.util.List;
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
    /** The most units of work one group commit takes: enough for every request of a busy second to share a few syncs. */
    private static final int MAX_BATCH = 256;

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final boolean sqlite;
    /**
     * SQLite has one writer at a time, and every commit is synced to disk; its writes go through one
     * writer thread that commits whatever units of work are waiting together (group commit), so
     * concurrent requests share one sync. The writer is a platform thread: a writer waiting inside
     * SQLite's native code must not pin a virtual thread's carrier (with as many waiters as cores,
     * the thread holding the lock could not be scheduled to release it: stalls of 30 s to minutes
     * were seen with 50 concurrent presentations on 2 cores before writers were serialised).
     * Null on PostgreSQL, which groups the commits of concurrent sessions itself, and when the
     * system property {@code contentpay.sqlite.group-commit} is {@code false} (kept to measure the
     * lever: each transaction then commits alone, writers queued on {@link #soloWriter}).
     */
    private final GroupCommit writer;
    private final java.util.concurrent.locks.ReentrantLock soloWriter = new java.util.concurrent.locks.ReentrantLock(true);
    private final java.util.concurrent.atomic.LongAdder soloCommits = new java.util.concurrent.atomic.LongAdder();

    private final InstanceLock instance;

    private Database(String name, HikariDataSource dataSource, boolean sqlite, InstanceLock instance) {
        this.dataSource = dataSource;
        this.sqlite = sqlite;
        this.instance = instance;
        this.jdbi = Jdbi.create(dataSource);
        if (sqlite) jdbi.setStatementBuilderFactory(new CachedStatements());
        this.writer = sqlite && !"false".equals(System.getProperty("contentpay.sqlite.group-commit"))
                ? new GroupCommit(name, jdbi, MAX_BATCH, MAX_ATTEMPTS) : null;
        if (sqlite) {
            java.util.function.ToDoubleFunction<Database> commits = d -> d.commitsAndUnits()[0];
            java.util.function.ToDoubleFunction<Database> units = d -> d.commitsAndUnits()[1];
            var registry = dev.contentpay.platform.observe.Metrics.of(name);
            io.micrometer.core.instrument.FunctionCounter.builder("contentpay.db.commits", this, commits)
                    .description("SQLite transactions committed to disk, one sync each (with group commit, each holds several units of work)")
                    .tag("db", name).register(registry);
            io.micrometer.core.instrument.FunctionCounter.builder("contentpay.db.units", this, units)
                    .description("units of work (what each caller asked to run in a transaction) decided by those commits")
                    .tag("db", name).register(registry);
        }
    }

    /**
     * Opens the database at {@code jdbcUrl} and applies the migrations under
     * {@code classpath:db/<schema>}.
     */
    public static Database open(String name, String jdbcUrl, String schema, int poolSize) {
        return open(name, jdbcUrl, List.of(schema), poolSize);
    }

    /**
     * Opens one database for several servers' schemas (the combined store keeps the shop's and
     * settlement's tables side by side) and applies each one's migrations.
     */
    public static Database open(String name, String jdbcUrl, List<String> schemas, int poolSize) {
        boolean sqlite = jdbcUrl.startsWith("jdbc:sqlite:");
        var config = new HikariConfig();
        config.setPoolName(name + "-db");
        config.setJdbcUrl(jdbcUrl);
        // Flyway on PostgreSQL holds its migration lock on one connection while it migrates on
        // another, so a pool of one would wait on itself.
        config.setMaximumPoolSize(sqlite ? poolSize : Math.max(2, poolSize));
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setConnectionTimeout(10_000);
        config.setMetricsTrackerFactory(new com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory(
                dev.contentpay.platform.observe.Metrics.of(name)));
        if (sqlite) {
            createOwnerOnly(jdbcUrl);
            // WAL lets readers run beside the one writer; synchronous=FULL makes each commit durable
            // before it is acknowledged; IMMEDIATE takes the write lock at BEGIN, so two writers
            // queue on busy_timeout instead of deadlocking when both try to upgrade a read lock.
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "FULL");
            config.addDataSourceProperty("busy_timeout", "30000");
            config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            config.addDataSourceProperty("foreign_keys", "true");
            // Nothing reads generated keys; with them on, the driver matched every INSERT against a
            // regular expression and compiled, ran and closed a SELECT last_insert_rowid() after it.
            config.addDataSourceProperty("jdbc.get_generated_keys", "false");
            // A unit of a group commit may run in a savepoint (when a unit of its batch, or of the
            // batch before, failed), and SQLite keeps what a savepoint would restore in a journal
            // of its own: a temporary file by default, opened, written and deleted again by every
            // transaction. In memory it costs no system call.
            config.addDataSourceProperty("temp_store", "MEMORY");
        }
        var dataSource = new HikariDataSource(config);
        try {
            // The platform's own tables (idempotency records) have their own migration history,
            // and so has each schema, so schemas can share a database and number versions freely.
            migrate(dataSource, "platform");
            for (String schema : schemas) migrate(dataSource, schema);
            return new Database(name, dataSource, sqlite, sqlite ? InstanceLock.sqlite() : InstanceLock.postgres(jdbcUrl));
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /** Flyway for {@code classpath:db/<schema>} with that schema's own history table. */
    public static Flyway flyway(javax.sql.DataSource dataSource, String schema) {
        return Flyway.configure().dataSource(dataSource).table(historyTable(schema))
                .locations("classpath:db/" + schema).baselineOnMigrate(true).baselineVersion("0").load();
    }

    /**
     * Flyway for looking at a database without changing it ({@code contentpay doctor}): it reads the
     * history where it is now, in the pre-store {@code schema_history} table if it was not moved yet.
     */
    public static Flyway inspect(javax.sql.DataSource dataSource, String schema) {
        return Flyway.configure().dataSource(dataSource).table(LegacyHistory.current(dataSource, schema, historyTable(schema)))
                .locations("classpath:db/" + schema).load();
    }

    /**
     * The history table of a schema's migrations: {@code <schema>_schema_history}. Until the
     * combined store (shop and settlement in one database) every server kept its history in a
     * table named {@code schema_history}, which two schemas cannot share.
     */
    public static String historyTable(String schema) {
        return "platform".equals(schema) ? "platform_schema_history" : schema.replace('-', '_') + "_schema_history";
    }

    private static void migrate(javax.sql.DataSource dataSource, String schema) {
        if (!"platform".equals(schema)) LegacyHistory.adopt(dataSource, schema, historyTable(schema));
        flyway(dataSource, schema).migrate();
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public boolean isSqlite() {
        return sqlite;
    }

    /**
     * This process's id on this database, which rows that only a live process may hold (claims of
     * unfinished requests) carry; see {@link #liveInstances(Handle)}.
     */
    public long instanceId() {
        return instance.id();
    }

    /**
     * The ids of the instances open on this database now, this one included: on PostgreSQL those
     * holding their advisory lock (a killed process's lock goes with its connection), on SQLite this
     * one alone (one process per file).
     */
    public List<Long> liveInstances(Handle h) {
        return instance.live(h);
    }

    public javax.sql.DataSource dataSource() {
        return dataSource;
    }

    /**
     * Runs {@code callback} in one transaction, retrying it when the conflict was transient, and
     * answers once it is committed. On SQLite the transaction is a unit of the next group commit
     * (in a transaction shared with whatever else is waiting, from which it alone is rolled back if
     * it fails; {@link GroupCommit}): all or nothing of
     * what it writes, as alone, and durable before this returns. A callback that opens a transaction
     * inside its own joins it.
     */
    public <T> T inTransaction(HandleCallback<T, RuntimeException> callback) {
        if (writer != null) return writer.run(callback);
        for (int attempt = 1; ; attempt++) {
            try {
                if (!sqlite) return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, callback);
                soloWriter.lock();
                try {
                    T result = jdbi.inTransaction(TransactionIsolationLevel.SERIALIZABLE, callback);
                    soloCommits.increment();
                    return result;
                } finally {
                    soloWriter.unlock();
                }
            } catch (RuntimeException e) {
                if (attempt >= MAX_ATTEMPTS || !isTransient(e)) throw e;
                LOG.debug("retrying a transaction after a transient conflict (attempt {})", attempt);
                sleepBeforeRetry(attempt);
            }
        }
    }

    /**
     * Runs {@code chunk}, a write of at most {@code size} rows, in transactions of its own one after
     * another until one changes fewer than {@code size}; returns the rows changed in all. For the
     * purges: all their rows in one transaction would hold the one writer, and every request behind
     * it, for as long as they took, and on SQLite keep every page they touched in memory for a
     * group commit's savepoint, where one is taken.
     */
    public int inChunks(int size, java.util.function.ToIntFunction<Handle> chunk) {
        int total = 0;
        int changed;
        do {
            changed = inTransaction(chunk::applyAsInt);
            total += changed;
        } while (changed == size);
        return total;
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

    /**
     * Runs {@code reads}, a few quick reads made one after another through the stores, on one handle
     * and one connection of the pool: each store read inside it that opens a handle
     * ({@link #withHandle}) takes this one instead of borrowing a connection and building a handle
     * of its own. Only for reads that wait on nothing else (no call to another party), as the
     * connection is held for the whole of it. A transaction opened inside still goes its own way
     * (on SQLite to the writer thread).
     */
    public <T> T readTogether(java.util.function.Supplier<T> reads) {
        return jdbi.withHandle(h -> reads.get());
    }

    /** Whether the database is reachable, for readiness checks. */
    public boolean isReachable() {
        try {
            return withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Runs {@code work} in a savepoint of the transaction {@code h} is in (the JDBC connection's own,
     * without Jdbi's statement machinery): when it throws, what it wrote is rolled back to the
     * savepoint and its exception thrown on, so that the transaction may go on and commit the rest.
     * A transient conflict is thrown on untouched: it fails the whole transaction, which is retried.
     * A savepoint that cannot be set, released or rolled back to throws {@link SavepointFailure}:
     * what the transaction holds is then unknown, and it must not be committed.
     */
    public static <T> T inSavepoint(Handle h, HandleCallback<T, RuntimeException> work) {
        java.sql.Connection c = h.getConnection();
        java.sql.Savepoint savepoint;
        try {
            savepoint = c.setSavepoint();
        } catch (SQLException e) {
            throw new SavepointFailure("cannot set a savepoint", e);
        }
        T result;
        try {
            result = work.withHandle(h);
        } catch (RuntimeException e) {
            if (isTransient(e)) throw e;
            try {
                c.rollback(savepoint);
                c.releaseSavepoint(savepoint);
            } catch (SQLException rollback) {
                var failure = new SavepointFailure("cannot roll back to a savepoint", rollback);
                failure.addSuppressed(e);
                throw failure;
            }
            throw e;
        }
        try {
            c.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            throw new SavepointFailure("cannot release a savepoint", e);
        }
        return result;
    }

    /** A savepoint could not be set, released or rolled back to: the transaction must fail whole. */
    public static final class SavepointFailure extends IllegalStateException {
        SavepointFailure(String message, SQLException cause) {
            super(message, cause);
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

    /** Transactions committed and units of work they decided, since the start; zeros on PostgreSQL, which does not say. */
    public long[] commitsAndUnits() {
        if (writer != null) return new long[] {writer.commits(), writer.units()};
        long solo = soloCommits.sum();
        return new long[] {solo, solo};
    }

    /** Batches of several units the SQLite writer ran with a savepoint for each ({@link GroupCommit}); 0 on PostgreSQL. */
    long guardedBatches() {
        return writer != null ? writer.guardedBatches() : 0;
    }

    static void sleepBeforeRetry(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L << Math.min(attempt, 6)));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a transaction", ie);
        }
    }

    /** The database file and its companions are owner-only from their first byte, before SQLite opens them. */
    private static void createOwnerOnly(String jdbcUrl) {
        String file = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        if (query >= 0) file = file.substring(0, query);
        if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) return;
        Path path = Path.of(file).toAbsolutePath();
        try {
            dev.contentpay.platform.io.OwnerOnlyFiles.prepareSqlite(path);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the database file " + path + ": " + e.getMessage(), e);
        }
    }

    /** The default embedded database of a server: {@code <dataDir>/<name>.db}. */
    public static String sqliteUrl(Path dataDir, String name) {
        return "jdbc:sqlite:" + dataDir.resolve(name + ".db").toAbsolutePath();
    }

    @Override
    public void close() {
        if (writer != null) writer.close();
        dataSource.close();
        instance.close();
    }
}
