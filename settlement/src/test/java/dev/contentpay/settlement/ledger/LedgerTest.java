package dev.contentpay.settlement.ledger;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.platform.money.Money;
import dev.contentpay.settlement.events.EventLog;
import dev.contentpay.settlement.refund.RefundService;
import dev.contentpay.settlement.refund.JdbiRefundStore;
import dev.contentpay.settlement.refund.RefundStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ledger on the real embedded database: double entry, kept balances, append-only entries, corrections as new journals. */
class LedgerTest {

    @TempDir
    Path dir;
    Database db;
    Ledger ledger;
    JdbiSettlementStore store;
    RefundStore refunds;
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    void open() {
        db = Database.open("ledger-test", dev.contentpay.platform.db.TestDatabases.url(dir, "settlement"), "settlement", 4);
        var events = new EventLog(db, "sakura");
        ledger = new Ledger(db);
        store = new JdbiSettlementStore(db, events);
        refunds = new JdbiRefundStore(db, events);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aSettlementDebitsTheIssuerReceivableAndCreditsRevenueByThePrice() {
        Settlement s = settle(300);

        assertThat(ledger.journalsOf(s.id())).singleElement().satisfies(j -> {
            assertThat(j.kind()).isEqualTo(Journal.Kind.SETTLEMENT);
            assertThat(j.entries()).containsExactlyInAnyOrder(
                    new Journal.Entry(Account.ISSUER_RECEIVABLE, Account.Side.DEBIT, Money.of(300, "JPY")),
                    new Journal.Entry(Account.REVENUE, Account.Side.CREDIT, Money.of(300, "JPY")));
        });
        LedgerCheck check = ledger.check();
        assertThat(check.balanced()).isTrue();
        assertThat(check.account(Account.ISSUER_RECEIVABLE, "JPY").balance()).isEqualTo(300);
        assertThat(check.account(Account.REVENUE, "JPY").balance()).isEqualTo(300);
    }

    @Test
    void aRefundDebitsRefundsAndCreditsTheIssuerReceivableLeavingRevenueUntouched() {
        Settlement s = settle(800);
        new RefundService(db, refunds, java.time.Clock.fixed(now, java.time.ZoneOffset.UTC), () -> { }).refund(s.id(), null, "damaged file");

        LedgerCheck check = ledger.check();
        assertThat(check.balanced()).isTrue();
        assertThat(check.account(Account.ISSUER_RECEIVABLE, "JPY").balance()).isZero();
        assertThat(check.account(Account.REVENUE, "JPY").balance()).isEqualTo(800);
        assertThat(check.account(Account.REFUNDS, "JPY").balance()).isEqualTo(800);
        assertThat(check.totals()).containsExactly(new LedgerCheck.Total("JPY", 1600, 1600));
    }

    @Test
    void aCorrectionIsANewJournalThatReversesTheWrongOneAndLeavesItsEntriesAsTheyWere() {
        Settlement s = settle(150);
        Journal original = ledger.journalsOf(s.id()).getFirst();

        Journal correction = ledger.correct(original.id(), "posted twice by hand", now.plus(Duration.ofMinutes(1)));

        assertThat(correction.kind()).isEqualTo(Journal.Kind.CORRECTION);
        assertThat(correction.reference()).isEqualTo(original.id());
        assertThat(ledger.find(original.id())).contains(original);
        assertThat(ledger.journalsOf(s.id())).extracting(Journal::kind).containsExactly(Journal.Kind.SETTLEMENT, Journal.Kind.CORRECTION);
        LedgerCheck check = ledger.check();
        assertThat(check.balanced()).isTrue();
        assertThat(check.account(Account.ISSUER_RECEIVABLE, "JPY").balance()).isZero();
        assertThat(check.account(Account.ISSUER_RECEIVABLE, "JPY").entries()).isEqualTo(2);
        assertThatThrownBy(() -> ledger.correct(original.id(), "again", now)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void aJournalThatDoesNotBalanceCannotEvenBeBuilt() {
        assertThatThrownBy(() -> new Journal("jnl_x", Journal.Kind.CORRECTION, "x", null, null, now, List.of(
                new Journal.Entry(Account.ISSUER_RECEIVABLE, Account.Side.DEBIT, Money.of(100, "JPY")),
                new Journal.Entry(Account.REVENUE, Account.Side.CREDIT, Money.of(90, "JPY")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not balance in JPY");
        assertThatThrownBy(() -> new Journal.Entry(Account.REVENUE, Account.Side.CREDIT, Money.of(0, "JPY")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDatabaseRefusesToUpdateOrDeleteLedgerEntriesJournalsAndEvents() {
        settle(100);

        for (String sql : List.of("UPDATE ledger_entry SET amount = 1", "DELETE FROM ledger_entry",
                "UPDATE ledger_journal SET memo = 'x'", "DELETE FROM ledger_journal", "UPDATE event SET type = 'x'",
                "DELETE FROM event", "DELETE FROM approval_outcome")) {
            assertThatThrownBy(() -> db.useTransaction(h -> h.createUpdate(sql).execute()))
                    .as(sql).hasMessageContaining("append-only");
        }
        assertThat(ledger.check().balanced()).isTrue();
    }

    @Test
    void theCheckNamesABalanceThatNoLongerEqualsItsEntries() {
        settle(100);
        db.useTransaction(h -> h.createUpdate("UPDATE ledger_balance SET debits = debits + 5 WHERE account = 'issuer_receivable'").execute());

        LedgerCheck check = ledger.check();

        assertThat(check.balanced()).isFalse();
        assertThat(check.problems()).singleElement().asString()
                .contains("issuer_receivable").contains("debits 105").contains("debits 100");
    }

    private Settlement settle(long amount) {
        var s = new Settlement(Ids.random("stl"), Ids.random("apr"), Ids.random("alw"), Ids.random("ord"), "wallpaper", "Sakura at dusk", 1,
                Money.of(amount, "JPY"), "pn_x", "image/png", 4096, "ab".repeat(32), now, null);
        store.settle(s, DownloadGrant.forToken(s.id(), Ids.randomToken(32), now, now.plus(Duration.ofHours(1))));
        return s;
    }
}
