package dev.contentpay.settlement.ledger;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.platform.money.Money;
import dev.contentpay.settlement.events.EventLog;
import dev.contentpay.settlement.refund.RefundService;
import dev.contentpay.settlement.refund.JdbiRefundStore;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever sequence of sales, refunds and corrections is posted, the ledger balances, every kept
 * balance equals its entries, and the receivable is exactly what was sold less what was refunded
 * and corrected away.
 */
class LedgerPropertiesTest {

    /** One fact to post: a sale of {@code amount}, or a refund or correction of the {@code target}-th sale so far. */
    record Step(char kind, long amount, int target) {
    }

    @Property(tries = 25)
    void anySequenceOfFactsKeepsTheLedgersInvariants(@ForAll("steps") List<Step> steps) throws IOException {
        Path dir = Files.createTempDirectory("ledger-property");
        try (Database db = Database.open("ledger-property", dev.contentpay.platform.db.TestDatabases.url(dir, "settlement"), "settlement", 2)) {
            var events = new EventLog(db, "sakura");
            var store = new JdbiSettlementStore(db, events);
            var refunds = new RefundService(db, new JdbiRefundStore(db, events), java.time.Clock.systemUTC(), () -> { });
            var ledger = new Ledger(db);
            long expectedReceivable = post(steps, store, refunds, ledger);

            LedgerCheck check = ledger.check();
            assertThat(check.problems()).isEmpty();
            assertThat(check.balanced()).isTrue();
            assertThat(check.account(Account.ISSUER_RECEIVABLE, "JPY").balance()).isEqualTo(expectedReceivable);
        } finally {
            deleteQuietly(dir);
        }
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Arbitraries.of('s', 's', 'r', 'c').flatMap(kind -> Arbitraries.longs().between(1, 50_000)
                .flatMap(amount -> Arbitraries.integers().between(0, 20).map(target -> new Step(kind, amount, target))));
        return step.list().ofMinSize(1).ofMaxSize(25);
    }

    /** Posts the steps the way the services would (a refund or correction at most once per sale) and returns the receivable expected. */
    private static long post(List<Step> steps, JdbiSettlementStore store, RefundService refunds, Ledger ledger) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<Settlement> sales = new ArrayList<>();
        List<Settlement> open = new ArrayList<>();
        long receivable = 0;
        for (Step step : steps) {
            if (step.kind() == 's') {
                var s = new Settlement(Ids.random("stl"), Ids.random("apr"), Ids.random("alw"), Ids.random("ord"), "item", "Item", 1,
                        Money.of(step.amount(), "JPY"), "pn_x", "image/png", 1, "ab".repeat(32), now, null);
                store.settle(s, DownloadGrant.forToken(s.id(), Ids.randomToken(16), now, now.plus(Duration.ofHours(1))));
                sales.add(s);
                open.add(s);
                receivable += step.amount();
            } else if (!open.isEmpty()) {
                Settlement s = open.remove(step.target() % open.size());
                if (step.kind() == 'r') {
                    // Half first when there is a half, then the rest: a refund in parts posts a journal for each.
                    if (s.amount().amount() > 1) refunds.refund(s.id(), Money.of(s.amount().amount() / 2, "JPY"), null);
                    refunds.refund(s.id(), null, null);
                } else {
                    ledger.correct(ledger.journalsOf(s.id()).getFirst().id(), "property test", now);
                }
                receivable -= s.amount().amount();
            }
        }
        return receivable;
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
