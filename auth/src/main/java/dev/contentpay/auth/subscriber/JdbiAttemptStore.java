package dev.contentpay.auth.subscriber;

import org.jdbi.v3.core.Handle;

import java.util.Optional;

/**
 * {@link AttemptStore} on SQLite or PostgreSQL through Jdbi, over one of two tables of the same
 * shape: passwords' {@code sign_in_failure} keyed by the id typed, PINs' {@code pin_failure} keyed
 * by the subscriber.
 */
final class JdbiAttemptStore implements AttemptStore {

    private final String table;
    private final String keyColumn;

    private JdbiAttemptStore(String table, String keyColumn) {
        this.table = table;
        this.keyColumn = keyColumn;
    }

    /** Failed sign-ins, keyed by the id typed, known or not. */
    static JdbiAttemptStore signInFailures() {
        return new JdbiAttemptStore("sign_in_failure", "typed_id");
    }

    /** Wrong PINs, keyed by the subscriber. */
    static JdbiAttemptStore pinFailures() {
        return new JdbiAttemptStore("pin_failure", "subscriber_id");
    }

    @Override
    public void open(Handle h, String key, long now) {
        h.createUpdate("INSERT INTO " + table + " (" + keyColumn + ", failures, locked_until, last_failure, in_flight, in_flight_at) "
                + "VALUES (:k, 0, NULL, :now, 0, :now) ON CONFLICT (" + keyColumn + ") DO NOTHING").bind("k", key).bind("now", now).execute();
    }

    @Override
    public boolean takeSlot(Handle h, String key, long now, long lapsed, int max) {
        return h.createUpdate("UPDATE " + table + " SET "
                        + "failures = CASE WHEN locked_until IS NOT NULL THEN 0 ELSE failures END, "
                        + "in_flight = CASE WHEN locked_until IS NOT NULL OR in_flight_at < :lapsed THEN 1 ELSE in_flight + 1 END, "
                        + "locked_until = NULL, in_flight_at = :now "
                        + "WHERE " + keyColumn + " = :k AND (locked_until <= :now OR locked_until IS NULL "
                        + "AND failures + CASE WHEN in_flight_at < :lapsed THEN 0 ELSE in_flight END < :max)")
                .bind("k", key).bind("now", now).bind("lapsed", lapsed).bind("max", max).execute() == 1;
    }

    @Override
    public Count count(Handle h, String key) {
        return h.createQuery("SELECT locked_until, failures FROM " + table + " WHERE " + keyColumn + " = :k").bind("k", key)
                .map((rs, ctx) -> new Count(rs.getObject(1) == null ? -1 : rs.getLong(1), rs.getLong(2))).one();
    }

    @Override
    public void succeeded(Handle h, String key) {
        h.createUpdate("UPDATE " + table + " SET in_flight = CASE WHEN in_flight > 0 THEN in_flight - 1 ELSE 0 END, "
                + "failures = CASE WHEN locked_until IS NULL THEN 0 ELSE failures END WHERE " + keyColumn + " = :k").bind("k", key).execute();
    }

    @Override
    public void failed(Handle h, String key, long now) {
        h.createUpdate("UPDATE " + table + " SET in_flight = CASE WHEN in_flight > 0 THEN in_flight - 1 ELSE 0 END, "
                + "failures = failures + 1, last_failure = :now WHERE " + keyColumn + " = :k").bind("k", key).bind("now", now).execute();
    }

    @Override
    public boolean lockIfFull(Handle h, String key, long until, int max) {
        return h.createUpdate("UPDATE " + table + " SET locked_until = :until, failures = 0 "
                        + "WHERE " + keyColumn + " = :k AND locked_until IS NULL AND failures >= :max")
                .bind("k", key).bind("until", until).bind("max", max).execute() == 1;
    }

    @Override
    public void giveBack(Handle h, String key) {
        h.createUpdate("UPDATE " + table + " SET in_flight = CASE WHEN in_flight > 0 THEN in_flight - 1 ELSE 0 END "
                + "WHERE " + keyColumn + " = :k").bind("k", key).execute();
    }

    @Override
    public boolean isLocked(Handle h, String key, long now) {
        return h.createQuery("SELECT COUNT(*) FROM " + table + " WHERE " + keyColumn + " = :k AND locked_until > :now")
                .bind("k", key).bind("now", now).mapTo(Integer.class).one() > 0;
    }

    @Override
    public void unlock(Handle h, String key) {
        h.createUpdate("UPDATE " + table + " SET locked_until = NULL, failures = 0 WHERE " + keyColumn + " = :k").bind("k", key).execute();
    }

    @Override
    public Optional<Long> lockedUntil(Handle h, String key, long now) {
        return h.createQuery("SELECT locked_until FROM " + table + " WHERE " + keyColumn + " = :k AND locked_until > :now")
                .bind("k", key).bind("now", now).mapTo(Long.class).findOne();
    }

    @Override
    public int purgeStale(Handle h, long now, long stale) {
        return h.createUpdate("DELETE FROM " + table
                        + " WHERE (locked_until IS NULL OR locked_until <= :now) AND last_failure < :stale AND in_flight_at < :stale")
                .bind("now", now).bind("stale", stale).execute();
    }
}
