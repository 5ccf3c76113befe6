package dev.contentpay.settlement.ledger;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.platform.money.Money;
import dev.contentpay.settlement.events.EventLog;
import dev.contentpay.settlement.notice.JdbiOutboxStore;
import dev.contentpay.settlement.notice.OutboxMessage;
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
class JdbiSettlementStoreTest {

    @TempDir
    Path dir;
    Database db;
    EventLog events;
    JdbiSettlementStore store;
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    void open() {
        db = Database.open("settlement-test", dev.contentpay.platform.db.TestDatabases.url(dir, "settlement"), "settlement", 4);
        events = new EventLog(db, "sakura");
        store = new JdbiSettlementStore(db, events);
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
        assertThat(new JdbiOutboxStore(db, events).pending(OutboxMessage.Kind.NOTICE)).isEqualTo(1);
        assertThat(store.outcome("apr_1")).contains(SettlementStore.Outcome.SETTLED);
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
        assertThat(count("SELECT COUNT(*) FROM outbox")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM event")).isEqualTo(1);
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
    void anApprovalGivenUpOnCanNeverBeSettledAfterwards() {
        Settlement settlement = settlement("apr_1", "alw_1");
        assertThat(store.abandon("apr_1", settlement.orderId(), settlement.amount(), "auth_unavailable", now)).isTrue();

        assertThatThrownBy(() -> store.settle(settlement, grant(settlement)))
                .isInstanceOfSatisfying(ContentpayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.APPROVAL_ALREADY_USED));
        assertThat(store.outcome("apr_1")).contains(SettlementStore.Outcome.ABANDONED);
        assertThat(count("SELECT COUNT(*) FROM settlement")).isZero();
        assertThat(count("SELECT COUNT(*) FROM ledger_entry")).isZero();
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE kind = 'VOID' AND subject = 'apr_1'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM event WHERE type = 'timed_out'")).isEqualTo(1);
    }

    @Test
    void aSettledApprovalIsNeverGivenUpAndNoVoidIsQueued() {
        Settlement settlement = settlement("apr_1", "alw_1");
        store.settle(settlement, grant(settlement));

        assertThat(store.abandon("apr_1", settlement.orderId(), settlement.amount(), "no_outcome", now)).isFalse();

        assertThat(store.outcome("apr_1")).contains(SettlementStore.Outcome.SETTLED);
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE kind = 'VOID'")).isZero();
    }

    @Test
    void aPresentationWithoutAnOutcomeIsUnfinishedUntilItGetsOne() {
        store.beginPresentation("apr_1", "ord_1", Money.of(100, "JPY"), now.minus(Duration.ofMinutes(5)));
        store.beginPresentation("apr_1", "ord_1", Money.of(100, "JPY"), now);
        store.beginPresentation("apr_2", "ord_2", Money.of(100, "JPY"), now.minus(Duration.ofMinutes(5)));
        store.recordRefused("apr_2", ErrorCode.LIMIT_EXCEEDED);

        assertThat(store.unfinished(Instant.EPOCH, now.minus(Duration.ofMinutes(1)), 10)).extracting(SettlementStore.Unfinished::approvalId)
                .containsExactly("apr_1");
        assertThat(store.unfinished(Instant.EPOCH, now.minus(Duration.ofMinutes(10)), 10)).isEmpty();
        assertThat(store.unfinished(now.minus(Duration.ofMinutes(4)), now.minus(Duration.ofMinutes(1)), 10)).isEmpty();
        assertThat(store.unfinished(now.minus(Duration.ofMinutes(5)), now.minus(Duration.ofMinutes(1)), 10))
                .extracting(SettlementStore.Unfinished::approvalId).containsExactly("apr_1");
    }

    @Test
    void aGrantAdmitsOnlyItsOwnTokenAndOnlyUntilItExpires() {
        Settlement settlement = settlement("apr_1", "alw_1");
        store.settle(settlement, DownloadGrant.forToken(settlement.id(), "the-token", now, now.plus(Duration.ofHours(1))));
        DownloadGrant grant = store.grant(settlement.id()).orElseThrow();

        assertThat(grant.admits("the-token", now)).isTrue();
        assertThat(grant.admits("another-token", now)).isFalse();
        assertThat(grant.admits(null, now)).isFalse();
        assertThat(grant.admits("the-token", now.plus(Duration.ofHours(1)))).isFalse();
        assertThat(grant.tokenSha256()).doesNotContain("the-token");
    }

    @Test
    void aBuyersSettlementsAreListedNewestFirstWithTheirAllowanceAndTheirGrantsRenewedTogether() {
        Settlement older = mine("apr_1", now.minusSeconds(60), "allowance-one");
        Settlement newer = mine("apr_2", now, "allowance-two");
        Settlement someoneElses = new Settlement(Ids.random("stl"), "apr_3", "alw_3", Ids.random("ord"), "ringtone", "Chime", 1,
                Money.of(150, "JPY"), "pn_other", "audio/wav", 10, "cd".repeat(32), now, "allowance-three");
        for (Settlement s : java.util.List.of(older, newer, someoneElses)) store.settle(s, grant(s));

        assertThat(store.ofBuyer("pn_x", 10)).containsExactly(newer, older);
        assertThat(store.ofBuyer("pn_x", 1)).containsExactly(newer);
        assertThat(store.ofBuyer("pn_nobody", 10)).isEmpty();
        assertThat(store.find(newer.id()).orElseThrow().allowanceToken()).isEqualTo("allowance-two");

        Instant later = now.plus(Duration.ofMinutes(5));
        store.renewGrants(java.util.List.of(DownloadGrant.forToken(older.id(), "new-one", later, later.plus(Duration.ofHours(1))),
                DownloadGrant.forToken(newer.id(), "new-two", later, later.plus(Duration.ofHours(1)))));
        assertThat(store.grant(older.id()).orElseThrow().admits("new-one", later)).isTrue();
        assertThat(store.grant(newer.id()).orElseThrow().admits("new-two", later)).isTrue();
        assertThat(store.grant(newer.id()).orElseThrow().issuedAt()).isEqualTo(later);
        assertThat(store.grant(someoneElses.id()).orElseThrow().issuedAt()).isEqualTo(now);
    }

    private Settlement mine(String approvalId, Instant settledAt, String allowanceToken) {
        return new Settlement(Ids.random("stl"), approvalId, "alw_" + approvalId, Ids.random("ord"), "wallpaper", "Sakura at dusk", 1,
                Money.of(100, "JPY"), "pn_x", "image/png", 4096, "ab".repeat(32), settledAt, allowanceToken);
    }

    private Settlement settlement(String approvalId, String allowanceId) {
        return new Settlement(Ids.random("stl"), approvalId, allowanceId, Ids.random("ord"), "wallpaper", "Sakura at dusk", 1,
                Money.of(100, "JPY"), "pn_x", "image/png", 4096, "ab".repeat(32), now, null);
    }

    private DownloadGrant grant(Settlement s) {
        return DownloadGrant.forToken(s.id(), Ids.randomToken(32), now, now.plus(Duration.ofHours(24)));
    }

    private long count(String sql) {
        return db.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
