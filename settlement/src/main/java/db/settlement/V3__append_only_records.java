package db.settlement;

import dev.contentpay.platform.db.DialectMigration;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * Makes the database itself refuse to UPDATE or DELETE the records that must never change: ledger
 * journals and entries, refunds, approval outcomes and events. The code only ever inserts them;
 * this guards against a future mistake and a hand-typed statement alike.
 *
 * <p>A Java migration (Flyway finds it in {@code classpath:db/settlement} beside the SQL ones)
 * because SQLite and PostgreSQL write triggers differently and a SQL migration must run on both.
 */
public class V3__append_only_records extends DialectMigration {

    static final List<String> TABLES = List.of("ledger_journal", "ledger_entry", "refund", "approval_outcome", "event");

    @Override
    protected void sqlite(Statement statement) throws SQLException {
        for (String table : TABLES) sqliteGuards(statement, table);
    }

    /** SQLite's triggers that refuse every UPDATE and DELETE on {@code table} (later migrations add tables too). */
    static void sqliteGuards(Statement statement, String table) throws SQLException {
        for (String operation : List.of("UPDATE", "DELETE")) {
            statement.execute("CREATE TRIGGER " + table + "_no_" + operation.toLowerCase(Locale.ROOT)
                    + " BEFORE " + operation + " ON " + table
                    + " BEGIN SELECT RAISE(ABORT, '" + table + " is append-only: post a correction instead'); END");
        }
    }

    @Override
    protected void postgres(Statement statement) throws SQLException {
        statement.execute("CREATE OR REPLACE FUNCTION contentpay_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
                + "BEGIN RAISE EXCEPTION '% is append-only: post a correction instead', TG_TABLE_NAME; END $$");
        for (String table : TABLES) postgresGuard(statement, table);
    }

    /** PostgreSQL's trigger that refuses every UPDATE and DELETE on {@code table}. */
    static void postgresGuard(Statement statement, String table) throws SQLException {
        statement.execute("CREATE TRIGGER " + table + "_append_only BEFORE UPDATE OR DELETE ON " + table
                + " FOR EACH ROW EXECUTE FUNCTION contentpay_append_only()");
    }
}
