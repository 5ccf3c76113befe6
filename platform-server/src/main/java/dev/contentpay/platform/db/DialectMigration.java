package dev.contentpay.platform.db;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * A Java migration for what SQLite and PostgreSQL write differently (triggers, altering a column):
 * the subclass gives each dialect's statements, and any other database is refused by name. It
 * lives beside the SQL migrations of its schema ({@code classpath:db/<schema>}), where Flyway finds it.
 */
public abstract class DialectMigration extends BaseJavaMigration {

    @Override
    public final void migrate(Context context) throws SQLException {
        String product = context.getConnection().getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        try (Statement statement = context.getConnection().createStatement()) {
            if (product.contains("sqlite")) {
                sqlite(statement);
            } else if (product.contains("postgres")) {
                postgres(statement);
            } else {
                throw new SQLException(getClass().getSimpleName() + " is written for SQLite and PostgreSQL, not " + product);
            }
        }
    }

    protected abstract void sqlite(Statement statement) throws SQLException;

    protected abstract void postgres(Statement statement) throws SQLException;
}
