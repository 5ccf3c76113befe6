package dev.contentpay.auth.terminal;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.db.Sql;
import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link TerminalStore} on SQLite or PostgreSQL through Jdbi. */
final class JdbiTerminalStore implements TerminalStore {

    private static final String COLUMNS = "id, subscriber_id, name, status, enrolled_at, last_used_at, revoked_at, revoked_by";
    private static final Sql.Row<Terminal> MAPPER = rs -> new Terminal(rs.getString("id"), rs.getString("subscriber_id"),
            rs.getString("name"), Terminal.Status.valueOf(rs.getString("status")), Instant.ofEpochMilli(rs.getLong("enrolled_at")),
            instant(rs.getObject("last_used_at")), instant(rs.getObject("revoked_at")), rs.getString("revoked_by"));

    private final Database db;

    JdbiTerminalStore(Database db) {
        this.db = db;
    }

    @Override
    public void insert(Handle h, Terminal t) {
        Sql.update(h, """
                        INSERT INTO terminal (id, subscriber_id, name, status, enrolled_at)
                        VALUES (:id, :subscriber, :name, :status, :enrolled)""")
                .bind("id", t.id()).bind("subscriber", t.subscriberId()).bind("name", t.name())
                .bind("status", t.status().name()).bind("enrolled", t.enrolledAt().toEpochMilli())
                .execute();
    }

    @Override
    public Optional<Terminal> find(String id) {
        return db.withHandle(h -> find(h, id));
    }

    @Override
    public Optional<Terminal> find(Handle h, String id) {
        return Sql.query(h, "SELECT " + COLUMNS + " FROM terminal WHERE id = :id").bind("id", id).map(MAPPER).findOne();
    }

    @Override
    public List<Terminal> listOf(String subscriberId) {
        return db.withHandle(h -> Sql.query(h, "SELECT " + COLUMNS + " FROM terminal WHERE subscriber_id = :subscriber ORDER BY enrolled_at DESC, id")
                .bind("subscriber", subscriberId).map(MAPPER).list());
    }

    @Override
    public int countActive(Handle h, String subscriberId) {
        return Sql.query(h, "SELECT COUNT(*) FROM terminal WHERE subscriber_id = :subscriber AND status = 'ACTIVE'")
                .bind("subscriber", subscriberId).mapTo(Integer.class).one();
    }

    @Override
    public int revoke(Handle h, String id, long now, String by) {
        return Sql.update(h, "UPDATE terminal SET status = 'REVOKED', revoked_at = :now, revoked_by = :by WHERE id = :id AND status = 'ACTIVE'")
                .bind("id", id).bind("now", now).bind("by", by).execute();
    }

    @Override
    public int useNonce(Handle h, String terminalId, String nonce, long expiresAt) {
        return Sql.update(h, """
                        INSERT INTO terminal_nonce (terminal_id, nonce, expires_at) VALUES (:terminal, :nonce, :expires)
                        ON CONFLICT (terminal_id, nonce) DO NOTHING""")
                .bind("terminal", terminalId).bind("nonce", nonce).bind("expires", expiresAt).execute();
    }

    @Override
    public int markUsed(Handle h, String id, long now) {
        return Sql.update(h, "UPDATE terminal SET last_used_at = :now WHERE id = :id AND status = 'ACTIVE'")
                .bind("id", id).bind("now", now).execute();
    }

    @Override
    public int purgeNonces(long now) {
        return db.inTransaction(h -> Sql.update(h, "DELETE FROM terminal_nonce WHERE expires_at < :now").bind("now", now).execute());
    }

    private static Instant instant(Object millis) {
        return millis == null ? null : Instant.ofEpochMilli(((Number) millis).longValue());
    }
}
