package dev.contentpay.settlement.ledger;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.platform.money.Money;
import dev.contentpay.settlement.notice.JdbcNoticeStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store on the real embedded database: the unique constraints are the last guard of single settlement. */
class JdbcSettlementStoreTest {

    @TempDir
    Path dir;
    Database db;
    JdbcSettlementStore store;
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    void open() {
        db = Database.open("settlement-test", Database.sqliteUrl(dir, "settlement"), "settlement", 4);
        store = new JdbcSettlementStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aSettlementIsReadBackAsItWasWritten() {
        Settlement settlement = settlement("apr_1", "alw_1");

        store.settle(settlement, grant(settlement));

        assertThat(store.find(settlement.id())).contains(settlement);
        assertThat(store.isSettled("apr_1")).isTrue();
        assertThat(new JdbcNoticeStore(db).pending()).isEqualTo(1);
    }

    @Test
    void aSecondSettlementOfTheSameApprovalIsRefusedAndLeavesNothingBehind() {
        Settlement first = settlement("apr_1", "alw_1");
        store.settle(first, grant(first));
        Settlement second = settlement("apr_1", "alw_2");

        assertThatThrownBy(() -> store.settle(second, grant(second)))
                .isInstanceOfSatisfying(ContentpayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.APPROVAL_ALREADY_USED));
        assertThat(count("SELECT COUNT(*) FROM settlement")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM ledger_entry")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM notice_outbox")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM download_grant")).isEqualTo(1);
    }

    @Test
    void aSecondSettlementOfTheSameAllowanceIsRefused() {
        Settlement first = settlement("apr_1", "alw_1");
        store.settle(first, grant(first));
        Settlement second = settlement("apr_2", "alw_1");

        assertThatThrownBy(() -> store.settle(second, grant(second)))
                .isInstanceOfSatisfying(ContentpayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.APPROVAL_ALREADY_USED));
    }

    @Test
    void theLedgerAlwaysBalances() {
        for (int i = 0; i < 5; i++) {
            Settlement s = settlement("apr_" + i, "alw_" + i);
            store.settle(s, grant(s));
        }

        assertThat(count("SELECT SUM(amount) FROM ledger_entry WHERE side = 'DEBIT'"))
                .isEqualTo(count("SELECT SUM(amount) FROM ledger_entry WHERE side = 'CREDIT'"))
                .isEqualTo(500);
    }

    @Test
    void aGrantAdmitsOnlyItsOwnTokenAndOnlyUntilItExpires() {
        Settlement settlement = settlement("apr_1", "alw_1");
        store.settle(settlement, DownloadGrant.forToken(settlement.id(), "the-token", now.plus(Duration.ofHours(1))));
        DownloadGrant grant = store.grant(settlement.id()).orElseThrow();

        assertThat(grant.admits("the-token", now)).isTrue();
        assertThat(grant.admits("another-token", now)).isFalse();
        assertThat(grant.admits(null, now)).isFalse();
        assertThat(grant.admits("the-token", now.plus(Duration.ofHours(1)))).isFalse();
        assertThat(grant.tokenSha256()).doesNotContain("the-token");
    }

    private Settlement settlement(String approvalId, String allowanceId) {
        return new Settlement(Ids.random("stl"), approvalId, allowanceId, Ids.random("ord"), "wallpaper", "Sakura at dusk", 1,
                Money.of(100, "JPY"), "pn_x", "image/png", 4096, "ab".repeat(32), now);
    }

    private DownloadGrant grant(Settlement s) {
        return DownloadGrant.forToken(s.id(), Ids.randomToken(32), now.plus(Duration.ofHours(24)));
    }

    private long count(String sql) {
        return db.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
