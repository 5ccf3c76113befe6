package dev.contentpay.auth.approval;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.db.Sql;
import dev.contentpay.platform.db.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A credit budget's cap as each approval refreshes it, on the real database of the run (SQLite, or
 * PostgreSQL in that half of the suite): opened at the first approval, moved when the limit or the
 * policy moved, never below what is used, and left unwritten when it is right already.
 */
class BudgetStoreTest {

    static final String PERIOD = "2026-12";

    @TempDir
    Path dir;
    Database db;
    final JdbiBudgetStore budgets = new JdbiBudgetStore();

    @BeforeEach
    void open() {
        db = Database.open("auth-budgets", TestDatabases.url(dir, "auth"), "auth", 4);
        db.useTransaction(h -> Sql.update(h, """
                        INSERT INTO subscriber (id, display_name, password_hash, status, limit_kind, credit_limit, currency, created_at)
                        VALUES ('sub_1', 'Hanako', 'x', 'ACTIVE', 'CREDIT', 10000, 'JPY', 0)""").execute());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void theFirstApprovalOfAPeriodOpensItsBudgetWithTheCap() {
        BudgetStore.Budget opened = db.inTransaction(h -> budgets.refreshCap(h, "sub_1", PERIOD, 3000));

        assertThat(opened).isEqualTo(new BudgetStore.Budget(3000, 0, 0));
        assertThat(stored()).isEqualTo(opened);
    }

    @Test
    void aCapThatIsRightAlreadyIsNotWrittenAgain() {
        db.useTransaction(h -> budgets.refreshCap(h, "sub_1", PERIOD, 3000));
        String versionBefore = rowVersion();

        int written = db.inTransaction(h -> {
            int before = changes(h);
            budgets.refreshCap(h, "sub_1", PERIOD, 3000);
            return changes(h) - before;
        });

        assertThat(written).isZero();
        assertThat(rowVersion()).isEqualTo(versionBefore);
        assertThat(stored()).isEqualTo(new BudgetStore.Budget(3000, 0, 0));
    }

    @Test
    void aCapFollowsTheLimitUpAndDownButNeverBelowWhatIsUsed() {
        db.useTransaction(h -> {
            budgets.refreshCap(h, "sub_1", PERIOD, 3000);
            assertThat(budgets.reserve(h, "sub_1", PERIOD, 1200)).isTrue();
            assertThat(budgets.charge(h, "sub_1", PERIOD, 1200)).isTrue();
            assertThat(budgets.reserve(h, "sub_1", PERIOD, 800)).isTrue();
        });

        BudgetStore.Budget raised = db.inTransaction(h -> budgets.refreshCap(h, "sub_1", PERIOD, 5000));
        BudgetStore.Budget lowered = db.inTransaction(h -> budgets.refreshCap(h, "sub_1", PERIOD, 1000));
        boolean oneMore = db.inTransaction(h -> budgets.reserve(h, "sub_1", PERIOD, 1));

        assertThat(raised).isEqualTo(new BudgetStore.Budget(5000, 800, 1200));
        assertThat(lowered).as("down to what is used, not below").isEqualTo(new BudgetStore.Budget(2000, 800, 1200));
        assertThat(stored()).isEqualTo(new BudgetStore.Budget(2000, 800, 1200));
        assertThat(oneMore).as("nothing more fits").isFalse();
    }

    private BudgetStore.Budget stored() {
        return db.withHandle(h -> budgets.get(h, "sub_1", PERIOD));
    }

    /** Rows this connection has changed since it opened (SQLite); PostgreSQL has no such count, so 0 there and the row version tells. */
    private static int changes(org.jdbi.v3.core.Handle h) {
        if (TestDatabases.postgres()) return 0;
        return Sql.query(h, "SELECT total_changes()").mapTo(Integer.class).one();
    }

    /** The budget row's version: PostgreSQL's xmin, the transaction that last wrote it; on SQLite the row itself. */
    private String rowVersion() {
        String sql = TestDatabases.postgres()
                ? "SELECT xmin::text FROM budget WHERE subscriber_id = 'sub_1'"
                : "SELECT cap || '/' || reserved || '/' || charged FROM budget WHERE subscriber_id = 'sub_1'";
        return db.withHandle(h -> Sql.query(h, sql).mapTo(String.class).one());
    }
}
