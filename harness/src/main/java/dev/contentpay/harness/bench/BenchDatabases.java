package dev.contentpay.harness.bench;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PostgreSQL databases of one {@code bench --self --database postgres} run: a fresh database
 * for each server, {@code contentpay_bench_<8 hex>_<server>}, made on the server the admin URL
 * names (any database on it the user may create databases from), so that a run starts empty as
 * it does on SQLite in a temporary folder, and dropped when the run ends, whether it succeeded or
 * not, and also when the JVM is stopped before (Ctrl-C) through a shutdown hook. Commits stay
 * durable, as production's are: nothing here turns {@code synchronous_commit} off.
 */
final class BenchDatabases implements AutoCloseable {

    /** The servers {@code bench --self} starts, each with a database of its own. */
    static final List<String> SERVERS = List.of("auth", "settlement", "shop", "bureau");

    private final String adminUrl;
    private final Map<String, String> urls;
    private final PrintWriter progress;
    private final Thread dropAtExit;

    private BenchDatabases(String adminUrl, Map<String, String> urls, PrintWriter progress) {
        this.adminUrl = adminUrl;
        this.urls = urls;
        this.progress = progress;
        // A run stopped with Ctrl-C never reaches its finally block: without this, every stopped
        // run would leave four databases behind on the server.
        this.dropAtExit = new Thread(this::drop, "bench-databases-drop");
        Runtime.getRuntime().addShutdownHook(dropAtExit);
    }

    /**
     * Creates the four databases through {@code adminUrl} ({@code jdbc:postgresql://host:port/db?params});
     * when one cannot be made, those already made are dropped before the failure is thrown.
     */
    static BenchDatabases create(String adminUrl, PrintWriter progress) {
        if (adminUrl == null || !adminUrl.startsWith("jdbc:postgresql://")) {
            throw new ContentpayException(ErrorCode.VALIDATION_FAILED, "--postgres-url must be a jdbc:postgresql://host:port/database URL, not '" + adminUrl + "'.");
        }
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        String run = "contentpay_bench_" + HexFormat.of().formatHex(random);
        var made = new BenchDatabases(adminUrl, new LinkedHashMap<>(), progress);
        try {
            for (String server : SERVERS) {
                String database = run + "_" + server;
                // Named before it is made, so that a stop at any moment drops it (IF EXISTS).
                synchronized (made) {
                    made.urls.put(server, withDatabase(adminUrl, database));
                }
                execute(adminUrl, "CREATE DATABASE " + database);
            }
        } catch (RuntimeException e) {
            made.close();
            throw e;
        }
        return made;
    }

    /** The JDBC URL of {@code server}'s database: the admin URL's host, port and parameters, that database. */
    synchronized String url(String server) {
        return urls.get(server);
    }

    /** The names of the databases made, for the progress line. */
    synchronized String names() {
        String any = urls.values().iterator().next();
        String database = databaseOf(any);
        return database.substring(0, database.lastIndexOf('_')) + "_{" + String.join(",", urls.keySet()) + "}";
    }

    /**
     * Drops every database made, even one a server still holds a connection to ({@code WITH (FORCE)},
     * PostgreSQL 13 and later); a database that cannot be dropped is named on the progress output
     * and left, rather than hiding the run's own outcome.
     */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(dropAtExit);
        } catch (IllegalStateException e) {
            // The JVM is already stopping: the hook drops them.
        }
        drop();
    }

    private synchronized void drop() {
        for (String url : urls.values()) {
            String database = databaseOf(url);
            try {
                execute(adminUrl, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            } catch (RuntimeException e) {
                progress.println("bench: could not drop the database " + database + ": " + e.getMessage());
                progress.flush();
            }
        }
        urls.clear();
    }

    private static void execute(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); var statement = c.createStatement()) {
            statement.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + withoutParameters(url) + " did not do '" + sql + "': " + e.getMessage(), e);
        }
    }

    /** {@code adminUrl} with its database replaced by {@code database}, its parameters kept. */
    static String withDatabase(String adminUrl, String database) {
        int query = adminUrl.indexOf('?');
        String base = query < 0 ? adminUrl : adminUrl.substring(0, query);
        String params = query < 0 ? "" : adminUrl.substring(query);
        int slash = base.indexOf('/', "jdbc:postgresql://".length());
        String server = slash < 0 ? base : base.substring(0, slash);
        return server + "/" + database + params;
    }

    private static String databaseOf(String url) {
        String base = withoutParameters(url);
        return base.substring(base.lastIndexOf('/') + 1);
    }

    /** The URL without its parameters, which may hold a password. */
    private static String withoutParameters(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
