package dev.contentpay.platform.db;

import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** SQLite's statements compiled once per connection and used again (CachedStatements). */
class CachedStatementsTest {

    @TempDir
    Path dir;
    private Database db;

    @BeforeEach
    void open() {
        db = Database.open("statements-test", Database.sqliteUrl(dir, "statements"), List.of(), 1);
        db.useTransaction(h -> h.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void theSameSqlOnTheSameConnectionRunsOnTheSameCompiledStatementWithFreshParameters() {
        var seen = new ArrayList<PreparedStatement>();
        for (int i = 0; i < 3; i++) {
            int v = i;
            db.useTransaction(h -> h.createUpdate("INSERT INTO t (k, v) VALUES (:k, :v)").bind("k", "k" + v).bind("v", v)
                    .addCustomizer(capture(seen)).execute());
        }
        var read = new ArrayList<Integer>();
        for (int i = 0; i < 3; i++) {
            int v = i;
            read.add(db.withHandle(h -> h.createQuery("SELECT v FROM t WHERE k = :k").bind("k", "k" + v)
                    .addCustomizer(capture(seen)).mapTo(Integer.class).one()));
        }

        assertThat(read).containsExactly(0, 1, 2);
        assertThat(seen.subList(0, 3)).allSatisfy(s -> assertThat(s).isSameAs(seen.get(0)));
        assertThat(seen.subList(3, 6)).allSatisfy(s -> assertThat(s).isSameAs(seen.get(3)));
        assertThat(seen.get(3)).isNotSameAs(seen.get(0));
    }

    @Test
    void aQueryRunInsideTheIterationOfTheSameQueryGetsAStatementOfItsOwn() {
        db.useTransaction(h -> {
            h.execute("INSERT INTO t VALUES ('a', 1)");
            h.execute("INSERT INTO t VALUES ('b', 2)");
        });
        var seen = new ArrayList<PreparedStatement>();
        List<Integer> inner = db.withHandle(h -> {
            var sums = new ArrayList<Integer>();
            try (var outer = h.createQuery("SELECT v FROM t WHERE v >= :min ORDER BY v").bind("min", 1)
                    .addCustomizer(capture(seen)).mapTo(Integer.class).iterator()) {
                while (outer.hasNext()) {
                    int v = outer.next();
                    sums.add(v + h.createQuery("SELECT v FROM t WHERE v >= :min ORDER BY v").bind("min", 2)
                            .addCustomizer(capture(seen)).mapTo(Integer.class).one());
                }
            }
            return sums;
        });

        assertThat(inner).containsExactly(3, 4);
        assertThat(seen.get(1)).isNotSameAs(seen.get(0));
    }

    @Test
    void aStatementThatFailedLeavesNothingBehindForTheNextUse() {
        db.useTransaction(h -> h.execute("INSERT INTO t VALUES ('a', 1)"));
        for (int i = 0; i < 2; i++) {
            try {
                db.useTransaction(h -> h.createUpdate("INSERT INTO t (k, v) VALUES (:k, :v)").bind("k", "a").bind("v", 9).execute());
            } catch (RuntimeException expected) {
                // the primary key refuses it
            }
        }
        db.useTransaction(h -> h.createUpdate("INSERT INTO t (k, v) VALUES (:k, :v)").bind("k", "b").bind("v", 2).execute());

        List<String> rows = db.withHandle(h -> h.createQuery("SELECT k || v FROM t ORDER BY k").mapTo(String.class).list());
        assertThat(rows).containsExactly("a1", "b2");
    }

    private static StatementCustomizer capture(List<PreparedStatement> seen) {
        return new StatementCustomizer() {
            @Override
            public void beforeExecution(PreparedStatement stmt, StatementContext ctx) {
                seen.add(stmt);
            }
        };
    }
}
