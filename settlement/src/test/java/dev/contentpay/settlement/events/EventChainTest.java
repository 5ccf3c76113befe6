package dev.contentpay.settlement.events;

import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.crypto.TokenSigner;
import dev.contentpay.platform.db.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chain across the change from events signed alone to checkpoints: an event appended after one
 * signed alone chains to the hash of that one's JWS, a checkpoint is signed only when new events
 * came and is served with the page it falls on, and neither events nor checkpoints can be changed.
 */
class EventChainTest {

    @TempDir
    Path dir;
    Database db;
    EventLog events;
    EventCheckpoints checkpoints;

    @BeforeEach
    void open() {
        db = Database.open("event-chain-test", dev.contentpay.platform.db.TestDatabases.url(dir, "settlement"), "settlement", 4);
        events = new EventLog(db, "sakura");
        checkpoints = new EventCheckpoints(db, new TokenSigner(KeyFiles.generate("sakura-settlement-1")), "sakura", Clock.systemUTC());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void anEventAfterOneSignedAloneChainsToTheHashOfItsSignature() throws Exception {
        String oldJws = "eyJhbGciOiJFZDI1NTE5In0.eyJzZXEiOjF9.c2lnbmF0dXJl";
        db.useTransaction(h -> {
            h.createUpdate("UPDATE event_counter SET last_seq = 1 WHERE id = 1").execute();
            h.createUpdate("INSERT INTO event (seq, id, type, subject, occurred_at, data, jws) VALUES (1, 'evt_old', 'settled', 'stl_old', 0, '{}', :jws)")
                    .bind("jws", oldJws).execute();
        });

        db.useTransaction(h -> events.append(h, EventType.SETTLED, "stl_new", Instant.now(), Map.of("n", 2)));

        var page = events.read(0, 10);
        assertThat(page.events()).hasSize(2);
        assertThat(page.events().get(0).jws()).isEqualTo(oldJws);
        var claims = dev.contentpay.platform.http.Json.MAPPER.readTree(java.util.Base64.getUrlDecoder().decode(page.events().get(1).payload()));
        assertThat(claims.get("prev").asText()).isEqualTo(EventLog.chainHash(oldJws));
        assertThat(page.checkpoint()).as("nothing signed yet").isNull();
    }

    @Test
    void aCheckpointIsSignedOnlyWhenNewEventsCameAndServedWithThePageItFallsOn() {
        assertThat(checkpoints.checkpoint()).isEmpty();
        db.useTransaction(h -> events.append(h, EventType.SETTLED, "stl_1", Instant.now(), Map.of()));
        db.useTransaction(h -> events.append(h, EventType.CHARGED, "stl_1", Instant.now(), Map.of()));

        assertThat(checkpoints.checkpoint()).contains(2L);
        assertThat(checkpoints.checkpoint()).isEmpty();
        db.useTransaction(h -> events.append(h, EventType.SETTLED, "stl_2", Instant.now(), Map.of()));

        assertThat(events.read(0, 1).checkpoint()).as("no checkpoint falls on event 1").isNull();
        assertThat(events.read(0, 2).checkpoint()).isNotNull();
        assertThat(events.read(2, 10).checkpoint()).as("event 3 is not signed yet").isNull();
        assertThat(checkpoints.checkpoint()).contains(3L);
        assertThat(events.read(2, 10).checkpoint()).isNotNull();
    }

    @Test
    void eventsAndCheckpointsAreAppendOnly() {
        db.useTransaction(h -> events.append(h, EventType.SETTLED, "stl_1", Instant.now(), Map.of()));
        checkpoints.checkpoint();

        assertThatThrownBy(() -> db.useTransaction(h -> h.createUpdate("UPDATE event SET payload = 'x'").execute()))
                .hasStackTraceContaining("append-only");
        assertThatThrownBy(() -> db.useTransaction(h -> h.createUpdate("DELETE FROM event_checkpoint").execute()))
                .hasStackTraceContaining("append-only");
    }
}
