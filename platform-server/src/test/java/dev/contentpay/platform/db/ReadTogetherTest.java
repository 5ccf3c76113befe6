package dev.contentpay.platform.db;

import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reads made together share one handle and connection ({@link Database#readTogether}). */
class ReadTogetherTest {

    @TempDir
    Path dir;
    private Database db;

    @BeforeEach
    void open() {
        db = Database.open("together-test", TestDatabases.url(dir, "together"), List.of(), 2);
        db.useTransaction(h -> h.execute("CREATE TABLE t (k VARCHAR(8) PRIMARY KEY)"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void readsInsideShareOneHandleAndReadsOutsideDoNot() {
        List<Handle> inside = db.readTogether(() -> List.of(db.withHandle(h -> h), db.withHandle(h -> h)));
        Handle first = db.withHandle(h -> h);
        Handle second = db.withHandle(h -> h);

        assertThat(inside.get(0)).isSameAs(inside.get(1));
        assertThat(first).isNotSameAs(second);
    }

    @Test
    void aWriteInsideCommitsAsAloneAndAFailureInsideLeavesTheHandleToTheNext() {
        long seen = db.readTogether(() -> {
            db.useTransaction(h -> Sql.update(h, "INSERT INTO t (k) VALUES (:k)").bind("k", "a").execute());
            return db.withHandle(h -> Sql.query(h, "SELECT COUNT(*) FROM t").mapTo(Long.class).one());
        });
        assertThatThrownBy(() -> db.readTogether(() -> db.withHandle(h -> Sql.query(h, "SELECT nothing FROM t").mapTo(Long.class).one())))
                .isInstanceOf(Sql.Failure.class);
        Long after = db.withHandle(h -> Sql.query(h, "SELECT COUNT(*) FROM t").mapTo(Long.class).one());

        assertThat(seen).isEqualTo(1L);
        assertThat(after).isEqualTo(1L);
    }
}
