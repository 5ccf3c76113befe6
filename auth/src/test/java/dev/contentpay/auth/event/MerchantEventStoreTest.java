package dev.contentpay.auth.event;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.db.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The events owed to merchants on the real database of the run (SQLite, or PostgreSQL in that half of the suite). */
class MerchantEventStoreTest {

    static final Instant T0 = Instant.parse("2026-12-06T09:00:00Z");

    @TempDir
    Path dir;
    Database db;
    JdbiMerchantEventStore store;

    @BeforeEach
    void open() {
        db = Database.open("auth-events", TestDatabases.url(dir, "auth"), "auth", 4);
        store = new JdbiMerchantEventStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aMerchantsFeedListsOnlyItsEventsInIdOrderFromAnyEvent() {
        insert("evt_01", "sakura");
        insert("evt_02", "momiji");
        insert("evt_03", "sakura");

        assertThat(store.after("sakura", null, null, 10)).extracting(MerchantEvent::id).containsExactly("evt_01", "evt_03");
        assertThat(store.after("sakura", T0, "evt_01", 10)).extracting(MerchantEvent::id).containsExactly("evt_03");
        assertThat(store.after("sakura", T0, "evt_01", 10).getFirst().body()).isEqualTo("{\"id\":\"evt_03\"}");
        assertThat(store.after("momiji", T0, "evt_02", 10)).isEmpty();
    }

    @Test
    void theFeedIsInTheOrderOfTheTimesTheEventsWereMadeWhateverTheirIdsCompareAs() {
        insert("evt_b", "sakura", T0);
        insert("evt_a", "sakura", T0.plusMillis(1));

        assertThat(store.after("sakura", null, null, 10)).extracting(MerchantEvent::id).containsExactly("evt_b", "evt_a");
        assertThat(store.after("sakura", T0, "evt_b", 10)).extracting(MerchantEvent::id).containsExactly("evt_a");
        assertThat(store.after("sakura", T0.plusMillis(1), "evt_a", 10)).isEmpty();
    }

    @Test
    void aClaimedEventIsLeasedUntilItsOutcomeOrTheLeaseEnds() {
        insert("evt_01", "sakura");

        assertThat(store.claimDue(T0, 10, T0.plusSeconds(60))).extracting(MerchantEvent::id).containsExactly("evt_01");
        assertThat(store.claimDue(T0, 10, T0.plusSeconds(60))).as("taken by the first claim").isEmpty();
        assertThat(store.claimDue(T0.plusSeconds(60), 10, T0.plusSeconds(120))).as("the lease ended").hasSize(1);

        store.reschedule("evt_01", 1, T0.plus(Duration.ofMinutes(5)), "settlement_unavailable");
        assertThat(store.claimDue(T0.plus(Duration.ofMinutes(4)), 10, T0.plus(Duration.ofMinutes(5)))).isEmpty();
        assertThat(store.find("evt_01").orElseThrow()).satisfies(e -> {
            assertThat(e.attempts()).isEqualTo(1);
            assertThat(e.lastError()).isEqualTo("settlement_unavailable");
        });

        store.delivered("evt_01", 2, T0.plus(Duration.ofMinutes(5)));
        assertThat(store.claimDue(T0.plus(Duration.ofDays(1)), 10, T0.plus(Duration.ofDays(2)))).isEmpty();
        assertThat(store.find("evt_01").orElseThrow().status()).isEqualTo(MerchantEvent.Status.DELIVERED);
        assertThat(store.redeliver("evt_01", T0)).as("only a failed delivery is sent again").isFalse();
    }

    @Test
    void aFailedEventWaitsForTheOperatorAndIsSentAgainWithItsAttemptsCountedAfresh() {
        insert("evt_01", "sakura");
        store.failed("evt_01", 13, "http_503");

        assertThat(store.claimDue(T0.plus(Duration.ofDays(10)), 10, T0.plus(Duration.ofDays(11)))).isEmpty();
        assertThat(store.list(MerchantEvent.Status.FAILED, null, 10)).extracting(MerchantEvent::id).containsExactly("evt_01");

        Instant now = T0.plus(Duration.ofDays(4));
        assertThat(store.redeliver("evt_01", now)).isTrue();
        assertThat(store.redeliver("evt_01", now)).isFalse();
        assertThat(store.claimDue(now, 10, now.plusSeconds(60))).singleElement().satisfies(e -> assertThat(e.attempts()).isZero());
    }

    private void insert(String id, String merchant) {
        insert(id, merchant, T0);
    }

    private void insert(String id, String merchant, Instant at) {
        db.useTransaction(h -> store.insert(h, new MerchantEvent(id, merchant, "approval.expired", "apv_" + id, "{\"id\":\"" + id + "\"}", at,
                MerchantEvent.Status.PENDING, 0, at, null, null)));
    }
}
