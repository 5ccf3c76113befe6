package dev.contentpay.benchmarks;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.settlement.events.EventLog;
import dev.contentpay.settlement.ledger.DownloadGrant;
import dev.contentpay.settlement.ledger.JdbiSettlementStore;
import dev.contentpay.settlement.ledger.Settlement;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Settlement's step 8 on its real database (SQLite, WAL, every commit synced): the outcome, the
 * settlement, its balanced ledger journal, the payment notice in the outbox, the download grant and
 * the signed event, in one transaction.
 */
@State(Scope.Benchmark)
public class SettlementBenchmark {

    private static final String CONTENT_SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    /** Stands in for the issuer's allowance the settlement row keeps: a demo purchase's is 560 characters. */
    private static final String ALLOWANCE_TOKEN = "a".repeat(560);

    private Path folder;
    private Database db;
    private JdbiSettlementStore store;

    @Setup
    public void setUp() {
        folder = Fixtures.temporaryFolder("settlement");
        db = Fixtures.sqlite(folder, "settlement");
        var events = new EventLog(db, Fixtures.MERCHANT);
        store = new JdbiSettlementStore(db, events);
    }

    @TearDown
    public void tearDown() {
        db.close();
        Fixtures.delete(folder);
    }

    @Benchmark
    public String settleWithNotice() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        var settlement = new Settlement(Ids.random("stl"), Ids.random("apv"), Ids.random("alw"), Ids.random("ord"), "wallpaper",
                "Wallpaper", 1, Fixtures.PRICE, "pseudonym-of-the-buyer", "image/png", 2_048, CONTENT_SHA256, now, ALLOWANCE_TOKEN);
        store.settle(settlement, DownloadGrant.forToken(settlement.id(), Ids.randomToken(32), now, now.plus(Duration.ofDays(1))));
        return settlement.id();
    }
}
