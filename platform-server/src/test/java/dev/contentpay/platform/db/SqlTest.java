package dev.contentpay.platform.db;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The hot statements on plain JDBC ({@link Sql}), on the run's database, against what Jdbi answers for the same SQL. */
class SqlTest {

    @TempDir
    Path dir;
    private Database db;

    @BeforeEach
    void open() {
        db = Database.open("sql-test", TestDatabases.url(dir, "sql"), List.of(), 2);
        db.useTransaction(h -> h.execute("CREATE TABLE t (k VARCHAR(64) PRIMARY KEY, n BIGINT, i INTEGER, f BOOLEAN, s VARCHAR(200))"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void valuesBoundByNameComeBackAsJdbiReadsThem() {
        int changed = db.inTransaction(h -> Sql.update(h, "INSERT INTO t (k, n, i, f, s) VALUES (:k, :n, :i, :f, :s)")
                .bind("k", "a").bind("n", 1L << 40).bind("i", -7).bind("f", true).bind("s", "it's: a colon").execute());

        assertThat(changed).isEqualTo(1);
        var mine = db.withHandle(h -> Sql.query(h, "SELECT n, i, f, s FROM t WHERE k = :k").bind("k", "a")
                .map(rs -> List.of(rs.getLong(1), rs.getInt(2), rs.getBoolean(3), rs.getString(4))).one());
        var jdbis = db.withHandle(h -> h.createQuery("SELECT n, i, f, s FROM t WHERE k = :k").bind("k", "a")
                .map((rs, ctx) -> List.of(rs.getLong(1), rs.getInt(2), rs.getBoolean(3), rs.getString(4))).one());
        assertThat(mine).isEqualTo(jdbis).isEqualTo(List.of(1L << 40, -7, true, "it's: a colon"));
    }

    @Test
    void nullsAreBoundAsSqlNullAndReadBackAsNothing() {
        db.useTransaction(h -> Sql.update(h, "INSERT INTO t (k, n, i, f, s) VALUES (:k, :n, :i, :f, :s)")
                .bind("k", "empty").bind("n", (Long) null).bind("i", (Integer) null).bind("f", (Boolean) null).bind("s", (String) null).execute());

        Optional<Long> n = db.withHandle(h -> Sql.query(h, "SELECT n FROM t WHERE k = :k").bind("k", "empty").mapTo(Long.class).findOne());
        Integer i = db.withHandle(h -> Sql.query(h, "SELECT i FROM t WHERE k = :k").bind("k", "empty").mapTo(Integer.class).one());
        String s = db.withHandle(h -> Sql.query(h, "SELECT s FROM t WHERE k = :k").bind("k", "empty").mapTo(String.class).one());
        Long nulls = db.withHandle(h -> Sql.query(h, "SELECT COUNT(*) FROM t WHERE s IS NULL AND f IS NULL").mapTo(Long.class).one());

        assertThat(n).isEmpty();
        assertThat(i).isNull();
        assertThat(s).isNull();
        assertThat(nulls).isEqualTo(1L);
    }

    @Test
    void aNameUsedTwiceIsBoundInBothPlaces() {
        db.useTransaction(h -> Sql.update(h, "INSERT INTO t (k, n, i) VALUES (:k, :v, :v)").bind("k", "twice").bind("v", 5).execute());

        Long sum = db.withHandle(h -> Sql.query(h, "SELECT n + i FROM t WHERE k = :k AND n = :v AND i = :v").bind("k", "twice").bind("v", 5)
                .mapTo(Long.class).one());
        assertThat(sum).isEqualTo(10L);
    }

    @Test
    void findOneIsEmptyForNoRowAndRefusesTwoRows() {
        db.useTransaction(h -> {
            Sql.update(h, "INSERT INTO t (k, i) VALUES (:k, :i)").bind("k", "x").bind("i", 1).execute();
            Sql.update(h, "INSERT INTO t (k, i) VALUES (:k, :i)").bind("k", "y").bind("i", 1).execute();
        });

        Optional<String> none = db.withHandle(h -> Sql.query(h, "SELECT k FROM t WHERE i = :i").bind("i", 2).mapTo(String.class).findOne());
        assertThat(none).isEmpty();
        assertThatThrownBy(() -> db.withHandle(h -> Sql.query(h, "SELECT k FROM t WHERE i = :i").bind("i", 1).mapTo(String.class).findOne()))
                .isInstanceOf(IllegalStateException.class);
        List<String> both = db.withHandle(h -> Sql.query(h, "SELECT k FROM t WHERE i = :i ORDER BY k").bind("i", 1).mapTo(String.class).list());
        assertThat(both).containsExactly("x", "y");
    }

    @Test
    void aConstraintFailureCarriesTheDriversExceptionButNoBoundValue() {
        db.useTransaction(h -> Sql.update(h, "INSERT INTO t (k) VALUES (:k)").bind("k", "secret-value-1").execute());

        assertThatThrownBy(() -> db.useTransaction(h -> Sql.update(h, "INSERT INTO t (k) VALUES (:k)").bind("k", "secret-value-1").execute()))
                .isInstanceOf(Sql.Failure.class)
                .hasCauseInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-value-1").contains("INSERT INTO t"));
        // The failed statement left the connection's cached statement usable.
        db.useTransaction(h -> Sql.update(h, "INSERT INTO t (k) VALUES (:k)").bind("k", "next").execute());
        Long rows = db.withHandle(h -> Sql.query(h, "SELECT COUNT(*) FROM t").mapTo(Long.class).one());
        assertThat(rows).isEqualTo(2L);
    }

    @Test
    void aStatementInAFailedTransactionIsRolledBackWithIt() {
        assertThatThrownBy(() -> db.useTransaction(h -> {
            Sql.update(h, "INSERT INTO t (k) VALUES (:k)").bind("k", "gone").execute();
            throw new IllegalStateException("refused");
        })).hasMessage("refused");

        Optional<String> left = db.withHandle(h -> Sql.query(h, "SELECT k FROM t").mapTo(String.class).findOne());
        assertThat(left).isEmpty();
    }

    @Test
    void anUnboundNameIsRefusedBeforeTheDatabaseIsAskedAndANameTheStatementLacksIsIgnored() {
        assertThatThrownBy(() -> db.withHandle(h -> Sql.query(h, "SELECT k FROM t WHERE k = :k").mapTo(String.class).list()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(":k");
        // A misspelt name leaves the one it meant unbound.
        assertThatThrownBy(() -> db.withHandle(h -> Sql.query(h, "SELECT k FROM t WHERE k = :k").bind("key", "a").mapTo(String.class).list()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(":k");
        // One set of values for an INSERT and an UPDATE that takes fewer, as Jdbi allowed.
        db.useTransaction(h -> Sql.update(h, "INSERT INTO t (k, i) VALUES (:k, :i)").bind("k", "u").bind("i", 1).bind("s", "unused").execute());
        int updated = db.inTransaction(h -> Sql.update(h, "UPDATE t SET i = :i WHERE k = :k").bind("k", "u").bind("i", 2).bind("s", "unused").execute());
        assertThat(updated).isEqualTo(1);
    }

    @Test
    void sqliteConnectionsLeaveGeneratedKeysUnread() {
        org.junit.jupiter.api.Assumptions.assumeFalse(TestDatabases.postgres(), "a setting of the SQLite driver");
        boolean generatedKeys = db.withHandle(h -> {
            try {
                return h.getConnection().unwrap(org.sqlite.SQLiteConnection.class).getConnectionConfig().isGetGeneratedKeys();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(generatedKeys).as("a SELECT last_insert_rowid() after every INSERT").isFalse();
    }

    @Test
    void theParserLeavesQuotesCastsAndNonNamesAlone() {
        var parsed = Sql.Parsed.of("SELECT ':not', \"a:b\", x::text, :first_1 FROM t WHERE a = :a AND b = :first_1 AND c = 1:2");

        assertThat(parsed.jdbc()).isEqualTo("SELECT ':not', \"a:b\", x::text, ? FROM t WHERE a = ? AND b = ? AND c = 1:2");
        assertThat(parsed.names()).containsExactly("first_1", "a", "first_1");
        assertThatThrownBy(() -> Sql.Parsed.of("SELECT * FROM t WHERE k = ?")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sql.Parsed.of("SELECT 'open FROM t")).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 200)
    void anyNameTakesAQuestionMarkInItsPlace(@ForAll @AlphaChars @StringLength(min = 1, max = 12) String name,
                                              @ForAll @StringLength(max = 20) @AlphaChars String before) {
        var parsed = Sql.Parsed.of("SELECT " + before + " = :" + name + " AND 'x:" + name + "'");

        assertThat(parsed.names()).containsExactly(name);
        assertThat(parsed.jdbc()).isEqualTo("SELECT " + before + " = ? AND 'x:" + name + "'");
    }
}
