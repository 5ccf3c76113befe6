package dev.contentpay.settlement.refund;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.db.TestDatabases;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.money.Money;
import dev.contentpay.settlement.events.EventLog;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A database from before partial refunds (migration V6) keeps its whole refunds whole: after V8 the
 * settlement they refunded has nothing left to refund, asking for the rest answers that refund,
 * and a new refund of it is refused. On the database of the run (SQLite, or PostgreSQL in that half).
 */
class RefundMigrationTest {

    @TempDir
    Path dir;

    @Test
    void aWholeRefundMadeBeforeTheMigrationLeavesNothingToRefundAfterIt() throws SQLException {
        String url = TestDatabases.url(dir, "settlement");
        var config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(2);
        try (var dataSource = new HikariDataSource(config)) {
            Flyway.configure().configuration(Database.flyway(dataSource, "settlement").getConfiguration()).target("6").load().migrate();
            try (var c = dataSource.getConnection(); var s = c.createStatement()) {
                s.execute("INSERT INTO settlement (id, approval_id, allowance_id, order_id, item_id, title, quantity, amount, currency, pseudonym, "
                        + "media_type, content_size, content_sha256, settled_at) VALUES ('stl_old', 'apr_old', 'alw_old', 'ord_old', 'game', 'Game', "
                        + "1, 500, 'JPY', 'pn_x', 'image/png', 1, '" + "ab".repeat(32) + "', 1000)");
                s.execute("INSERT INTO refund (id, settlement_id, allowance_id, amount, currency, reason, refunded_at) "
                        + "VALUES ('rfd_old', 'stl_old', 'alw_old', 500, 'JPY', NULL, 2000)");
            }
        }

        try (Database db = Database.open("settlement-upgrade", url, "settlement", 2)) {
            var refunds = new RefundService(db, new JdbiRefundStore(db, new EventLog(db, "sakura")), Clock.systemUTC(), () -> { });

            Refund rest = refunds.refund("stl_old", null, null);

            assertThat(rest.refundId()).isEqualTo("rfd_old");
            assertThat(rest.settlementRefunded()).isEqualTo(Money.of(500, "JPY"));
            assertThat(rest.settlementRemaining()).isEqualTo(Money.of(0, "JPY"));
            assertThatThrownBy(() -> refunds.refund("stl_old", Money.of(1, "JPY"), null))
                    .isInstanceOfSatisfying(ContentpayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REFUND_EXCEEDS_REMAINING));
            assertThatThrownBy(() -> db.useTransaction(h -> h.createUpdate("UPDATE refund SET amount = 1").execute()))
                    .hasMessageContaining("append-only");
        }
    }
}
