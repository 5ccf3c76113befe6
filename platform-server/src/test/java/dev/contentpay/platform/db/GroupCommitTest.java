package dev.contentpay.platform.db;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SQLite's group commit (Database on SQLite): many callers, few syncs, each caller's all-or-nothing kept. */
class GroupCommitTest {

    @TempDir
    Path dir;
    private Database db;
    private String url;

    @BeforeEach
    void open() {
        url = Database.sqliteUrl(dir, "group");
        db = Database.open("group-test", url, List.of(), 2);
        db.useTransaction(h -> h.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    @org.junit.jupiter.api.Timeout(30) // a writer that died would leave the last unit waiting for ever
    void theWriterOutlivesAnErrorAndAnInterruptSoLaterUnitsStillCommit() {
        assertThatThrownBy(() -> db.useTransaction(h -> {
            h.execute("INSERT INTO t VALUES ('lost', 1)");
            throw new OutOfMemoryError("a heap exhausted under overload");
        })).isInstanceOf(OutOfMemoryError.class);
        db.useTransaction(h -> {
            h.execute("INSERT INTO t VALUES ('after-error', 2)");
            Thread.currentThread().interrupt(); // a unit that leaves the writer interrupted
        });
        db.useTransaction(h -> h.execute("INSERT INTO t VALUES ('after-interrupt', 3)"));

        java.util.List<String> kept = db.withHandle(h -> h.createQuery("SELECT k FROM t ORDER BY v").mapTo(String.class).list());
        assertThat(kept).containsExactly("after-error", "after-interrupt");
    }

    @Test
    void unitsThatArriveWhileACommitIsUnderWayShareTheNextCommit() throws Exception {
        var holding = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        long[] before = db.commitsAndUnits();
        var first = Thread.ofVirtual().start(() -> db.useTransaction(h -> {
            h.execute("INSERT INTO t VALUES ('first', 0)");
            holding.countDown();
            await(release);
        }));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        var others = new ArrayList<Thread>();
        for (int i = 0; i < 50; i++) {
            int n = i;
            others.add(Thread.ofVirtual().start(() -> db.useTransaction(h -> h.execute("INSERT INTO t VALUES (?, ?)", "k" + n, n))));
        }
        Thread.sleep(300); // the 50 are queued behind the first, which holds the writer
        release.countDown();
        first.join();
        for (Thread t : others) t.join();

        long[] after = db.commitsAndUnits();
        assertThat(after[1] - before[1]).isEqualTo(51);
        assertThat(after[0] - before[0]).as("commits for 51 units").isLessThanOrEqualTo(3);
        assertThat(countOnDisk()).isEqualTo(51);
        assertThat(db.guardedBatches()).as("batches that needed savepoints: none failed").isZero();
    }

    @Test
    void aUnitThatFailsLeavesNothingAndTheOthersOfItsBatchAreCommitted() throws Exception {
        var holding = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var blocker = Thread.ofVirtual().start(() -> db.useTransaction(h -> {
            holding.countDown();
            await(release);
        }));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        var failure = new AtomicReference<Throwable>();
        var good = Thread.ofVirtual().start(() -> db.useTransaction(h -> h.execute("INSERT INTO t VALUES ('good', 1)")));
        var bad = Thread.ofVirtual().start(() -> {
            try {
                db.useTransaction(h -> {
                    h.execute("INSERT INTO t VALUES ('bad', 2)");
                    throw new IllegalArgumentException("refused by the unit itself");
                });
            } catch (IllegalArgumentException e) {
                failure.set(e);
            }
        });
        var alsoGood = Thread.ofVirtual().start(() -> db.useTransaction(h -> h.execute("INSERT INTO t VALUES ('also good', 3)")));
        Thread.sleep(300);
        release.countDown();
        for (Thread t : List.of(blocker, good, bad, alsoGood)) t.join();

        assertThat(failure.get()).hasMessage("refused by the unit itself");
        assertThat(keysOnDisk()).containsExactlyInAnyOrder("good", "also good");
        assertThat(db.guardedBatches()).as("the batch ran again with a savepoint for each unit").isEqualTo(1);
    }

    @Test
    void aUnitSeesWhatTheEarlierUnitsOfItsBatchWroteAndAnswersItsOwnResult() {
        db.useTransaction(h -> h.execute("INSERT INTO t VALUES ('n', 1)"));
        int read = db.inTransaction(h -> {
            h.execute("UPDATE t SET v = v + 1 WHERE k = 'n'");
            return h.createQuery("SELECT v FROM t WHERE k = 'n'").mapTo(Integer.class).one();
        });
        assertThat(read).isEqualTo(2);
    }

    @Test
    void aTransactionOpenedInsideAUnitJoinsIt() {
        assertThatThrownBy(() -> db.useTransaction(h -> {
            db.useTransaction(inner -> inner.execute("INSERT INTO t VALUES ('inner', 1)"));
            throw new IllegalStateException("the outer unit fails");
        })).hasMessage("the outer unit fails");
        assertThat(keysOnDisk()).isEmpty();
    }

    @Test
    void theCallersLoggingContextGoesWithItsUnit() {
        MDC.put("trace", "t-123");
        try {
            String seen = db.inTransaction(h -> MDC.get("trace"));
            assertThat(seen).isEqualTo("t-123");
        } finally {
            MDC.remove("trace");
        }
    }

    @Test
    void everyAnsweredUnitIsOnDiskForAnotherConnection() throws Exception {
        var threads = new ArrayList<Thread>();
        var failures = new java.util.concurrent.ConcurrentLinkedQueue<Throwable>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            threads.add(Thread.ofVirtual().uncaughtExceptionHandler((t, e) -> failures.add(e)).start(() -> {
                db.useTransaction(h -> h.execute("INSERT INTO t VALUES (?, ?)", "k" + n, n));
                try (var c = DriverManager.getConnection(url); var s = c.prepareStatement("SELECT v FROM t WHERE k = ?")) {
                    s.setString(1, "k" + n);
                    try (var r = s.executeQuery()) {
                        assertThat(r.next()).as("k" + n + " visible once answered").isTrue();
                    }
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread t : threads) t.join();
        assertThat(failures).isEmpty();
        assertThat(countOnDisk()).isEqualTo(200);
        long[] totals = db.commitsAndUnits();
        assertThat(totals[1]).isGreaterThanOrEqualTo(201);
    }

    private int countOnDisk() throws Exception {
        try (var c = DriverManager.getConnection(url); var s = c.createStatement(); var r = s.executeQuery("SELECT count(*) FROM t")) {
            r.next();
            return r.getInt(1);
        }
    }

    private List<String> keysOnDisk() {
        try (var c = DriverManager.getConnection(url); var s = c.createStatement(); var r = s.executeQuery("SELECT k FROM t")) {
            var keys = new ArrayList<String>();
            while (r.next()) keys.add(r.getString(1));
            return keys;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
