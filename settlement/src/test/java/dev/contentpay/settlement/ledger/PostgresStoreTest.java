package dev.contentpay.settlement.ledger;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.error.Races;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.platform.money.Money;
import dev.contentpay.settlement.events.EventLog;
import dev.contentpay.settlement.events.EventType;
import dev.contentpay.settlement.notice.JdbiOutboxStore;
import dev.contentpay.settlement.notice.OutboxMessage;
import dev.contentpay.settlement.refund.RefundService;
import dev.contentpay.settlement.refund.JdbiRefundStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The same SQL on PostgreSQL: migrations (with the append-only triggers), settling, refunding,
 * giving up, the outbox and the event feed, in both halves of the suite. Runs when
 * {@code CONTENTPAY_TEST_POSTGRES_URL} names a PostgreSQL server, for example
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}, on a fresh database made for it.
 */
@EnabledIfEnvironmentVariable(named = "CONTENTPAY_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class PostgresStoreTest {

    Database db;
    EventLog events;
    JdbiSettlementStore store;
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    void open() {
        db = Database.open("settlement-pg", postgresUrl(), "settlement", 4);
        events = new EventLog(db, "sakura");
        store = new JdbiSettlementStore(db, events);
    }

    /** A fresh database even in the SQLite half of the suite, where the switch says nothing of PostgreSQL. */
    private String postgresUrl() {
        String admin = System.getenv(dev.contentpay.platform.db.TestDatabases.POSTGRES_URL);
        String database = "cpt_store_" + Long.toString(System.nanoTime(), 36);
        dev.contentpay.platform.db.TestDatabases.execute(admin, "CREATE DATABASE " + database);
        created = database;
        return admin.replaceFirst("(jdbc:postgresql://[^/?]+)/[^?]*", "$1/" + database);
    }

    String created;

    @AfterEach
    void close() {
        db.close();
        dev.contentpay.platform.db.TestDatabases.execute(System.getenv(dev.contentpay.platform.db.TestDatabases.POSTGRES_URL), "DROP DATABASE IF EXISTS " + created + " WITH (FORCE)");
    }

    @Test
    void settlingRefundingAndGivingUpKeepTheLedgerBalancedAndTheFeedOrderedOnPostgres() {
        var refunds = new JdbiRefundStore(db, events);
        var outbox = new JdbiOutboxStore(db, events);
        long eventsBefore = countEvents();
        Settlement s = settlement();
        store.settle(s, DownloadGrant.forToken(s.id(), Ids.randomToken(16), now, now.plus(Duration.ofHours(1))));
        String refundId = new RefundService(db, refunds, java.time.Clock.fixed(now, java.time.ZoneOffset.UTC), () -> { })
                .refund(s.id(), null, null).refundId();
        String abandoned = Ids.random("apr");
        assertThat(store.abandon(abandoned, "ord_x", Money.of(100, "JPY"), "auth_unavailable", now)).isTrue();
        assertThat(store.abandon(abandoned, "ord_x", Money.of(100, "JPY"), "auth_unavailable", now)).isFalse();

        assertThat(new Ledger(db).check().problems()).isEmpty();
        assertThat(events.read(eventsBefore, 10).events()).extracting(e -> e.type()).containsExactly("settled", "refunded", "timed_out");
        OutboxMessage notice = outbox.find(OutboxMessage.Kind.NOTICE, s.allowanceId()).orElseThrow();
        assertThat(outbox.due(now.plusSeconds(1), 100)).extracting(OutboxMessage::id).contains(notice.id())
                .doesNotContain(outbox.find(OutboxMessage.Kind.REFUND, refundId).orElseThrow().id());
        outbox.acknowledged(notice, 1, now, "charged", EventType.CHARGED, Map.of("settlementId", s.id()));
        assertThatThrownBy(() -> db.useTransaction(h -> h.createUpdate("DELETE FROM ledger_entry").execute())).hasMessageContaining("append-only");
        assertThatThrownBy(() -> store.settle(settlementFor(abandoned), DownloadGrant.forToken("x", "t", now, now)))
                .hasMessageContaining("already");
    }

    @Test
    void ofPartialRefundsRacingOverTheRemainderOnPostgresExactlyOneIsMadeAndTheRestIsRefundedOnce() throws Exception {
        var refunds = new RefundService(db, new JdbiRefundStore(db, events), java.time.Clock.fixed(now, java.time.ZoneOffset.UTC), () -> { });
        Settlement s = settlement();
        store.settle(s, DownloadGrant.forToken(s.id(), Ids.randomToken(16), now, now.plus(Duration.ofHours(1))));
        var outcomes = Races.outcomes(8, i -> refunds.refund(s.id(), Money.of(60, "JPY"), null));

        assertThat(outcomes).filteredOn(java.util.Objects::isNull).hasSize(1);
        assertThat(outcomes).filteredOn(java.util.Objects::nonNull).containsOnly(ErrorCode.REFUND_EXCEEDS_REMAINING);
        assertThat(refunds.refund(s.id(), null, null).amount()).isEqualTo(Money.of(40, "JPY"));
        assertThatThrownBy(() -> refunds.refund(s.id(), Money.of(1, "JPY"), null))
                .isInstanceOfSatisfying(ContentpayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REFUND_EXCEEDS_REMAINING));
        long refunded = db.withHandle(h -> h.createQuery("SELECT refunded FROM settlement WHERE id = :id").bind("id", s.id()).mapTo(Long.class).one());
        long journals = db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM ledger_journal WHERE kind = 'REFUND'").mapTo(Long.class).one());
        assertThat(refunded).isEqualTo(100);
        assertThat(journals).isEqualTo(2);
        assertThat(new Ledger(db).check().problems()).isEmpty();
    }

    private long countEvents() {
        return db.withHandle(h -> h.createQuery("SELECT last_seq FROM event_counter").mapTo(Long.class).one());
    }

    private Settlement settlement() {
        return settlementFor(Ids.random("apr"));
    }

    private Settlement settlementFor(String approvalId) {
        return new Settlement(Ids.random("stl"), approvalId, Ids.random("alw"), Ids.random("ord"), "wallpaper", "Sakura", 1,
                Money.of(100, "JPY"), "pn_x", "image/png", 1, "ab".repeat(32), now, null);
    }
}
