package dev.contentpay.platform.db;

import org.jdbi.v3.core.Handle;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The statements a purchase runs, straight on the JDBC connection of a Jdbi {@link Handle}: named
 * parameters ({@code :name}) bound by name as with Jdbi, without Jdbi's per-statement machinery
 * (a configuration copy, argument factories found by type, customizers, cleanables and events for
 * every statement), which cost more CPU than SQLite's own work on the writer thread
 * (docs/BENCHMARKS.md, "The hot statements on plain JDBC"). Transactions, handles, savepoints and
 * the statements off the hot path stay with Jdbi; a statement here joins whatever transaction its
 * handle is in.
 *
 * <p>On SQLite the prepared statement is the connection's cached one ({@link CachedStatements}),
 * taken while it runs and given back after; on PostgreSQL it is prepared and closed each time, the
 * driver keeping its server-side statements per connection itself.
 *
 * <p>Values are bound as Jdbi bound them: {@code String}, {@code long}, {@code int} and
 * {@code boolean}, a null as SQL NULL of its declared type. A failure is a {@link Failure} whose
 * cause is the driver's {@link SQLException} (whose state and message say which constraint failed,
 * as the callers look for), and whose own message names the statement and its SQL state but no
 * bound value (the driver's message may quote a key: PostgreSQL's does).
 */
public final class Sql {

    private static final ConcurrentHashMap<String, Parsed> PARSED = new ConcurrentHashMap<>();
    /** Statements run here since the process started, on every database: what the bench counts a purchase. */
    private static final java.util.concurrent.atomic.LongAdder EXECUTED = new java.util.concurrent.atomic.LongAdder();

    private Sql() {
    }

    /** How many statements ran through this class since the process started, on every database in it. */
    public static long executed() {
        return EXECUTED.sum();
    }

    /** An INSERT, UPDATE or DELETE on {@code h}'s connection. */
    public static Statement update(Handle h, String sql) {
        return new Statement(h, sql);
    }

    /** A SELECT on {@code h}'s connection. */
    public static Statement query(Handle h, String sql) {
        return new Statement(h, sql);
    }

    /** Reads one row of a result. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** A statement failed; its cause is the driver's exception. */
    public static final class Failure extends RuntimeException {
        Failure(String message, SQLException cause) {
            super(message, cause);
        }
    }

    /** One statement: its values bound by name, then executed once. */
    public static final class Statement {

        private final Handle handle;
        private final String sql;
        private final Parsed parsed;
        private final Object[] values;
        private final int[] nullTypes;

        Statement(Handle handle, String sql) {
            this.handle = handle;
            this.sql = sql;
            this.parsed = PARSED.computeIfAbsent(sql, Parsed::of);
            this.values = new Object[parsed.names.length];
            this.nullTypes = new int[parsed.names.length];
        }

        public Statement bind(String name, String value) {
            return set(name, value, Types.VARCHAR);
        }

        public Statement bind(String name, long value) {
            return set(name, value, Types.BIGINT);
        }

        public Statement bind(String name, Long value) {
            return set(name, value, Types.BIGINT);
        }

        public Statement bind(String name, int value) {
            return set(name, value, Types.INTEGER);
        }

        public Statement bind(String name, Integer value) {
            return set(name, value, Types.INTEGER);
        }

        public Statement bind(String name, boolean value) {
            return set(name, value, Types.BOOLEAN);
        }

        public Statement bind(String name, Boolean value) {
            return set(name, value, Types.BOOLEAN);
        }

        /**
         * Binds {@code value} wherever {@code :name} stands. A name the statement does not have is
         * ignored, as Jdbi ignored it (one set of values may serve an INSERT and an UPDATE that
         * takes fewer); a misspelt name still fails, as the parameter it meant stays unbound.
         */
        private Statement set(String name, Object value, int sqlType) {
            int[] places = parsed.places.get(name);
            if (places == null) return this;
            for (int i : places) {
                values[i] = value;
                nullTypes[i] = sqlType;
            }
            return this;
        }

        /** Executes an INSERT, UPDATE or DELETE and answers the rows it changed. */
        public int execute() {
            Prepared p = prepare();
            try {
                EXECUTED.increment();
                return p.statement.executeUpdate();
            } catch (SQLException e) {
                throw failure(e);
            } finally {
                p.release();
            }
        }

        /** Maps each row with {@code row}. */
        public <T> Mapped<T> map(Row<T> row) {
            return new Mapped<>(this, row);
        }

        /** The first column of each row as {@code type}: {@code String}, {@code Long}, {@code Integer} or {@code Boolean}. */
        public <T> Mapped<T> mapTo(Class<T> type) {
            Row<?> row;
            if (type == String.class) row = rs -> rs.getString(1);
            else if (type == Long.class) row = rs -> { long v = rs.getLong(1); return rs.wasNull() ? null : v; };
            else if (type == Integer.class) row = rs -> { int v = rs.getInt(1); return rs.wasNull() ? null : v; };
            else if (type == Boolean.class) row = rs -> { boolean v = rs.getBoolean(1); return rs.wasNull() ? null : v; };
            else throw new IllegalArgumentException("no column reader for " + type);
            @SuppressWarnings("unchecked") Row<T> typed = (Row<T>) row;
            return new Mapped<>(this, typed);
        }

        <T> List<T> rows(Row<T> row, int most) {
            Prepared p = prepare();
            EXECUTED.increment();
            try (ResultSet rs = p.statement.executeQuery()) {
                List<T> rows = new ArrayList<>(Math.min(most, 8));
                while (rows.size() < most && rs.next()) rows.add(row.map(rs));
                return rows;
            } catch (SQLException e) {
                throw failure(e);
            } finally {
                p.release();
            }
        }

        private Prepared prepare() {
            for (int i = 0; i < values.length; i++) {
                if (nullTypes[i] == 0) throw new IllegalArgumentException("no value bound for :" + parsed.names[i] + ": " + sql);
            }
            Prepared p = Prepared.of(handle, parsed.jdbc);
            try {
                PreparedStatement s = p.statement;
                for (int i = 0; i < values.length; i++) {
                    Object v = values[i];
                    int at = i + 1;
                    switch (v) {
                        case null -> s.setNull(at, nullTypes[i]);
                        case String text -> s.setString(at, text);
                        case Long number -> s.setLong(at, number);
                        case Integer number -> s.setInt(at, number);
                        case Boolean flag -> s.setBoolean(at, flag);
                        default -> throw new IllegalStateException("unexpected value type " + v.getClass());
                    }
                }
                return p;
            } catch (SQLException e) {
                p.discard();
                throw failure(e);
            } catch (RuntimeException e) {
                p.discard();
                throw e;
            }
        }

        private Failure failure(SQLException e) {
            return new Failure("statement failed with SQL state " + e.getSQLState() + " [statement: " + sql + "]", e);
        }
    }

    /** A statement's rows, each mapped. */
    public static final class Mapped<T> {
        private final Statement statement;
        private final Row<T> row;

        Mapped(Statement statement, Row<T> row) {
            this.statement = statement;
            this.row = row;
        }

        /** The one row, or empty; more than one is an error, as with Jdbi. */
        public Optional<T> findOne() {
            List<T> rows = statement.rows(row, 2);
            if (rows.size() > 1) throw new IllegalStateException("more than one row where at most one was expected: " + statement.sql);
            return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.getFirst());
        }

        /** The first row, or empty. */
        public Optional<T> findFirst() {
            List<T> rows = statement.rows(row, 1);
            return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.getFirst());
        }

        /** Exactly one row. */
        public T one() {
            List<T> rows = statement.rows(row, 2);
            if (rows.size() != 1) throw new IllegalStateException("expected one row, found " + (rows.isEmpty() ? "none" : "more") + ": " + statement.sql);
            return rows.getFirst();
        }

        public List<T> list() {
            return statement.rows(row, Integer.MAX_VALUE);
        }
    }

    /** A prepared statement lent for one execution: the connection's cached one on SQLite. */
    private record Prepared(PreparedStatement statement, CachedStatements.Builder cache, String jdbc) {

        static Prepared of(Handle h, String jdbc) {
            try {
                if (h.getStatementBuilder() instanceof CachedStatements.Builder cache) {
                    return new Prepared(cache.take(jdbc), cache, jdbc);
                }
                Connection c = h.getConnection();
                return new Prepared(c.prepareStatement(jdbc), null, jdbc);
            } catch (SQLException e) {
                throw new Failure("cannot prepare a statement: " + e.getMessage() + " [statement: " + jdbc + "]", e);
            }
        }

        void release() {
            if (cache != null) {
                cache.giveBack(jdbc, statement);
            } else {
                discard();
            }
        }

        void discard() {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // a statement that will not close is of no further use either way
            }
        }
    }

    /** A statement's SQL with its {@code :name} parameters replaced by {@code ?}, and their names in order. */
    record Parsed(String jdbc, String[] names, java.util.Map<String, int[]> places) {

        Parsed(String jdbc, String[] names) {
            this(jdbc, names, placesOf(names));
        }

        /** Where each name stands among the statement's parameters. */
        private static java.util.Map<String, int[]> placesOf(String[] names) {
            var places = new java.util.HashMap<String, int[]>();
            for (int i = 0; i < names.length; i++) {
                int[] before = places.get(names[i]);
                int[] now = before == null ? new int[1] : Arrays.copyOf(before, before.length + 1);
                now[now.length - 1] = i;
                places.put(names[i], now);
            }
            return java.util.Map.copyOf(places);
        }

        static Parsed of(String sql) {
            var jdbc = new StringBuilder(sql.length());
            var names = new ArrayList<String>();
            int n = sql.length();
            for (int i = 0; i < n; ) {
                char c = sql.charAt(i);
                if (c == '\'' || c == '"') {
                    int end = sql.indexOf(c, i + 1);
                    if (end < 0) throw new IllegalArgumentException("an unclosed quote in: " + sql);
                    jdbc.append(sql, i, end + 1);
                    i = end + 1;
                } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
                    jdbc.append("::");
                    i += 2;
                } else if (c == ':' && i + 1 < n && isNameStart(sql.charAt(i + 1))) {
                    int end = i + 1;
                    while (end < n && isNamePart(sql.charAt(end))) end++;
                    names.add(sql.substring(i + 1, end));
                    jdbc.append('?');
                    i = end;
                } else {
                    if (c == '?') throw new IllegalArgumentException("positional parameters are not taken; name them: " + sql);
                    jdbc.append(c);
                    i++;
                }
            }
            return new Parsed(jdbc.toString(), names.toArray(String[]::new));
        }

        private static boolean isNameStart(char c) {
            return Character.isLetter(c) || c == '_';
        }

        private static boolean isNamePart(char c) {
            return Character.isLetterOrDigit(c) || c == '_';
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Parsed p && jdbc.equals(p.jdbc) && Arrays.equals(names, p.names);
        }

        @Override
        public int hashCode() {
            return jdbc.hashCode() * 31 + Arrays.hashCode(names);
        }

        @Override
        public String toString() {
            return jdbc + " " + Arrays.toString(names);
        }
    }
}
