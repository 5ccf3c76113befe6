package dev.contentpay.settlement.notice;

import dev.contentpay.platform.db.Database;
import dev.contentpay.settlement.events.EventLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Claiming due messages, on the real database: a message taken is not taken again until it is settled or its lease ends. */
class OutboxClaimTest {

    private static final Duration LEASE = Duration.ofMinutes(1);

    @TempDir
    Path dir;
    Database db;
    JdbiOutboxStore outbox;
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    void open() {
        db = Database.open("settlement-test", dev.contentpay.platform.db.TestDatabases.url(dir, "settlement"), "settlement", 4);
        outbox = new JdbiOutboxStore(db, new EventLog(db, "sakura"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private String enqueue(String subject) {
        return db.inTransaction(h -> JdbiOutboxStore.enqueue(h, OutboxMessage.Kind.VOID, subject, null, null, now));
    }

    @Test
    void aTakenMessageIsNotTakenAgainUntilItIsRescheduledOrItsLeaseEnds() {
        String first = enqueue("alw_1");
        String second = enqueue("alw_2");

        // Both are due at the same moment, and ids made in the same millisecond compare by their
        // random part, so either may be taken first.
        var taken = outbox.claimDue(now, 1, now.plus(LEASE));
        assertThat(taken).extracting(OutboxMessage::id).hasSize(1).containsAnyOf(first, second);
        String one = taken.get(0).id();
        String other = one.equals(first) ? second : first;
        // The one taken is leased: the next claim reads past it.
        assertThat(outbox.claimDue(now, 10, now.plus(LEASE))).extracting(OutboxMessage::id).containsExactly(other);
        assertThat(outbox.claimDue(now.plusSeconds(1), 10, now.plus(LEASE))).isEmpty();

        // Rescheduled (a failed attempt): due again at its next attempt, not before.
        outbox.reschedule(one, 1, now.plusSeconds(5), "issuer_unavailable");
        assertThat(outbox.claimDue(now.plusSeconds(2), 10, now.plusSeconds(2).plus(LEASE))).isEmpty();
        assertThat(outbox.claimDue(now.plusSeconds(5), 10, now.plusSeconds(5).plus(LEASE))).extracting(OutboxMessage::id).containsExactly(one);

        // A lease that ended (its sender never settled the message) gives the message up.
        assertThat(outbox.claimDue(now.plus(LEASE).plusSeconds(1), 10, now.plus(LEASE).plus(LEASE))).extracting(OutboxMessage::id)
                .containsExactly(other);
    }

    @Test
    void onSqliteAClaimIsAReadNotAUnitOfWork() {
        Assumptions.assumeTrue(db.isSqlite(), "PostgreSQL instances share the database and write their leases");
        enqueue("alw_1");
        long units = db.commitsAndUnits()[1];

        assertThat(outbox.claimDue(now, 10, now.plus(LEASE))).hasSize(1);

        assertThat(db.commitsAndUnits()[1]).isEqualTo(units);
    }
}
