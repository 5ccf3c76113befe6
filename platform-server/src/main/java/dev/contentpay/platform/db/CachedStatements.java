package dev.contentpay.platform.db;

import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilderFactory;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Prepared statements kept per SQLite connection and used again, instead of compiled anew for
 * every execution. The SQLite driver compiles each statement it is asked to prepare
 * ({@code sqlite3_prepare}), and neither it nor the connection pool keeps them; the writer thread
 * and the readers spent much of their CPU compiling the same few dozen statements over and over
 * (docs/BENCHMARKS.md, "The SQLite writers and settlement's threads"). PostgreSQL's driver keeps its own server-side
 * statements per connection, so this is for SQLite only.
 *
 * <p>The statements are prepared on the pool's physical connection, not its proxy, so that they
 * outlive the proxy's loan: the pool closes what was opened through a proxy when the proxy goes
 * back. They are closed with that physical connection (the driver finalises its statements when
 * it closes) or when they fall out of a connection's bounded cache. A statement is taken out of the
 * cache while it is used, so the same SQL run twice at once on one connection (a query inside the
 * iteration of another) gets two statements.
 */
final class CachedStatements implements StatementBuilderFactory {

    /** More than the distinct statements a server runs on one connection: the cache only ever evicts the unusual. */
    private static final int PER_CONNECTION = 256;

    private final Map<Connection, Map<String, PreparedStatement>> byConnection = new WeakHashMap<>();

    @Override
    public StatementBuilder createStatementBuilder(Connection connection) {
        Connection physical;
        try {
            physical = connection.unwrap(Connection.class);
        } catch (SQLException e) {
            return new DefaultStatementBuilder();
        }
        Map<String, PreparedStatement> idle;
        synchronized (byConnection) {
            idle = byConnection.computeIfAbsent(physical, c -> new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                    if (size() <= PER_CONNECTION) return false;
                    closeQuietly(eldest.getValue());
                    return true;
                }
            });
        }
        return new Builder(physical, idle);
    }

    private static void closeQuietly(Statement statement) {
        try {
            statement.close();
        } catch (SQLException ignored) {
            // closing a statement of a connection that is going away
        }
    }

    static final class Builder extends DefaultStatementBuilder {

        private final Connection physical;
        private final Map<String, PreparedStatement> idle;
        /** The statements this handle took, by the SQL they were compiled from (Jdbi closes them naming its unparsed SQL). */
        private final Map<Statement, String> taken = new java.util.IdentityHashMap<>();

        Builder(Connection physical, Map<String, PreparedStatement> idle) {
            this.physical = physical;
            this.idle = idle;
        }

        @Override
        public PreparedStatement create(Connection conn, String sql, StatementContext ctx) throws SQLException {
            if (ctx.isReturningGeneratedKeys() || ctx.isConcurrentUpdatable()) return super.create(conn, sql, ctx);
            PreparedStatement statement = take(sql);
            taken.put(statement, sql);
            return statement;
        }

        /** The connection's idle statement for {@code sql}, or a new one; {@link #giveBack} returns it. */
        PreparedStatement take(String sql) throws SQLException {
            PreparedStatement kept;
            synchronized (idle) {
                kept = idle.remove(sql);
            }
            return kept != null && !kept.isClosed() ? kept
                    : physical.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        }

        /** Keeps {@code statement}, compiled from {@code sql}, for the next use on this connection. */
        void giveBack(String sql, PreparedStatement statement) {
            try {
                if (statement.isClosed()) return;
                statement.clearParameters();
            } catch (SQLException e) {
                closeQuietly(statement);
                return;
            }
            PreparedStatement displaced;
            synchronized (idle) {
                displaced = idle.put(sql, statement);
            }
            if (displaced != null && displaced != statement) closeQuietly(displaced);
        }

        @Override
        public void close(Connection conn, String unparsed, Statement stmt) throws SQLException {
            String sql = taken.remove(stmt);
            if (sql == null || !(stmt instanceof PreparedStatement prepared) || stmt.isClosed()) {
                super.close(conn, unparsed, stmt);
                return;
            }
            giveBack(sql, prepared);
        }
    }
}
