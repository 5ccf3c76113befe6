package dev.contentpay.platform.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the servers a test starts keep their data: the test-wide switch between the two halves of
 * the suite. By default each server gets a SQLite file in the test's folder. With
 * {@code CONTENTPAY_TEST_DATABASE=postgres} and {@code CONTENTPAY_TEST_POSTGRES_URL} naming a
 * PostgreSQL server (any database on it the user may create databases from, for example
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}), each test folder gets a fresh
 * database of its own ({@code CREATE DATABASE cpt_...}) and each server a schema in it, so a restart
 * on the same folder finds its data, as it would find its SQLite file. The databases are dropped
 * when the test JVM exits (a JVM killed before that leaves its {@code cpt_} databases behind).
 *
 * <p>Test databases commit without waiting for the write-ahead log to reach the disk
 * ({@code synchronous_commit = off}): a crash of the PostgreSQL server could lose the last commits,
 * which no test does (the crash tests kill contentpay's processes, whose commits PostgreSQL keeps),
 * and the suite does not wait for thousands of disk flushes. A measurement that must pay for durable
 * commits, as production does, calls {@link #keepCommitsDurable()} first.
 */
public final class TestDatabases {

    public static final String SWITCH = "CONTENTPAY_TEST_DATABASE";
    public static final String POSTGRES_URL = "CONTENTPAY_TEST_POSTGRES_URL";
    /** Every database made here starts so, which is how leftovers are found. */
    public static final String PREFIX = "cpt_";

    private static final Map<String, String> DATABASES = new ConcurrentHashMap<>();
    private static final List<String> CREATED = new ArrayList<>();
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static volatile boolean durable;
    private static final String RUN = Long.toString(ProcessHandle.current().pid(), 36) + "_"
            + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);

    static {
        if (postgres()) Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropAll, "test-databases-drop"));
    }

    private TestDatabases() {
    }

    /** Databases made from now on flush every commit to disk, as production does. */
    public static void keepCommitsDurable() {
        durable = true;
    }

    /** Whether this run keeps the servers' data in PostgreSQL. */
    public static boolean postgres() {
        String kind = System.getenv(SWITCH);
        if (kind == null || kind.isBlank() || kind.equalsIgnoreCase("sqlite")) return false;
        if (!kind.equalsIgnoreCase("postgres")) throw new IllegalStateException(SWITCH + " is '" + kind + "'; use sqlite or postgres");
        String url = System.getenv(POSTGRES_URL);
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalStateException(SWITCH + "=postgres needs " + POSTGRES_URL + " (a jdbc:postgresql: URL), not '" + url + "'");
        }
        return true;
    }

    /**
     * The JDBC URL of server {@code name}'s data for the test folder {@code dir}: {@code dir/name.db}
     * on SQLite, schema {@code name} in the folder's own database on PostgreSQL. The same folder and
     * name give the same URL for the whole run.
     */
    public static String url(Path dir, String name) {
        if (!postgres()) return Database.sqliteUrl(dir, name);
        String database = DATABASES.computeIfAbsent(dir.toAbsolutePath().normalize().toString(), k -> create());
        String schema = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        // Made once: a test that compares tables before and after each of thousands of requests
        // asks for the URL every time, and a PostgreSQL connection costs a server process (on a
        // slow machine one such test took 18 minutes, long enough for its approval to expire).
        return SCHEMAS.computeIfAbsent(withDatabase(database) + "currentSchema=" + schema, url -> {
            execute(withDatabase(database), "CREATE SCHEMA IF NOT EXISTS " + schema);
            return url;
        });
    }

    private static final Map<String, String> SCHEMAS = new ConcurrentHashMap<>();

    /** A SQL query that lists the tables of the database at {@code url}, one name a row. */
    public static String tablesQuery(String url) {
        return url.startsWith("jdbc:sqlite:")
                ? "SELECT name FROM sqlite_master WHERE type = 'table'"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'";
    }

    /**
     * The indexes made by CREATE INDEX on {@code table} of the database at {@code url}, by name: not
     * those that enforce a PRIMARY KEY or UNIQUE constraint, whose names differ between SQLite and
     * PostgreSQL.
     */
    public static List<String> indexes(String url, String table) {
        String sql = url.startsWith("jdbc:sqlite:")
                ? "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name = '" + table + "' ORDER BY name"
                : "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = '" + table + "'"
                        + " AND indexname NOT IN (SELECT conname FROM pg_constraint) ORDER BY indexname";
        return rows(url, sql).stream().map(List::getFirst).toList();
    }

    /**
     * How {@code db} would run {@code sql} (its parameters written in as literals), one step a line:
     * SQLite's EXPLAIN QUERY PLAN, or PostgreSQL's EXPLAIN with sequential scans disabled, since it
     * would scan a test's small table whatever its indexes; disabled, it shows which index applies.
     */
    public static String plan(Database db, String sql) {
        List<String> steps = db.withHandle(h -> {
            if (!db.isSqlite()) h.execute("SET enable_seqscan = off");
            return h.createQuery((db.isSqlite() ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + sql)
                    .map((rs, ctx) -> db.isSqlite() ? rs.getString("detail") : rs.getString(1)).list();
        });
        return String.join("\n", steps) + "\n";
    }

    /** Runs a query directly on the database at {@code url}, as an auditor with access to it would; every value as text. */
    public static List<List<String>> rows(String url, String sql) {
        if (url.startsWith("jdbc:sqlite:")) {
            try (Connection c = DriverManager.getConnection(url)) {
                return rows(c, sql);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        // A PostgreSQL connection costs a server process: tests that compare whole tables before and
        // after thousands of requests keep one open per database (closed by the drop at exit).
        Connection c = READERS.computeIfAbsent(url, TestDatabases::connect);
        synchronized (c) {
            try {
                return rows(c, sql);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final Map<String, Connection> READERS = new ConcurrentHashMap<>();

    private static Connection connect(String url) {
        try {
            return DriverManager.getConnection(url);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<List<String>> rows(Connection c, String sql) throws SQLException {
        try (var statement = c.createStatement(); var rs = statement.executeQuery(sql)) {
            var rows = new ArrayList<List<String>>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                var row = new ArrayList<String>();
                for (int i = 1; i <= columns; i++) row.add(rs.getString(i));
                rows.add(row);
            }
            return rows;
        }
    }

    /** Changes the database at {@code url} directly, to set up a state a crash or an operator would leave. */
    public static int execute(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url)) {
            return c.createStatement().executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String create() {
        String database = PREFIX + RUN + "_" + COUNTER.incrementAndGet();
        execute(System.getenv(POSTGRES_URL), "CREATE DATABASE " + database);
        if (!durable) execute(System.getenv(POSTGRES_URL), "ALTER DATABASE " + database + " SET synchronous_commit = off");
        synchronized (CREATED) {
            CREATED.add(database);
        }
        return database;
    }

    /** The admin URL with its database replaced, ending in '?' or '&' so that one more parameter can follow. */
    static String withDatabase(String database) {
        String admin = System.getenv(POSTGRES_URL);
        int query = admin.indexOf('?');
        String base = query < 0 ? admin : admin.substring(0, query);
        String params = query < 0 ? "" : admin.substring(query + 1);
        int slash = base.indexOf('/', "jdbc:postgresql://".length());
        String server = slash < 0 ? base : base.substring(0, slash);
        return server + "/" + database + "?" + (params.isEmpty() ? "" : params + "&");
    }

    /** Drops this JVM's databases, several at a time (each drop waits for a checkpoint). */
    private static void dropAll() {
        List<String> all;
        synchronized (CREATED) {
            all = List.copyOf(CREATED);
        }
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (String database : all) {
                pool.submit(() -> {
                    try {
                        execute(System.getenv(POSTGRES_URL), "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                    } catch (RuntimeException e) {
                        System.err.println("could not drop test database " + database + ": " + e.getMessage());
                    }
                });
            }
            pool.shutdown();
            pool.awaitTermination(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
