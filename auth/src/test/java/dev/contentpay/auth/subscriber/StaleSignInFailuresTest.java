package dev.contentpay.auth.subscriber;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.db.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class StaleSignInFailuresTest {

    @TempDir
    Path dir;

    @Test
    void rowsThatCountForNothingAnyMoreAreDeletedAndTheRestKept() {
        Instant now = Instant.parse("2026-12-05T12:00:00Z");
        long hour = Duration.ofHours(1).toMillis();
        long t = now.toEpochMilli();
        try (var db = Database.open("auth-purge", TestDatabases.url(dir, "auth"), "auth", 2)) {
            db.useTransaction(h -> {
                insert(h, "stranger-typed-long-ago", null, t - 2 * hour);
                insert(h, "lock-ended-long-ago", t - hour, t - 2 * hour);
                insert(h, "failed-a-minute-ago", null, t - 60_000);
                insert(h, "locked-now", t + hour, t - 2 * hour);
            });
            var purge = new StaleSignInFailures(db, Clock.fixed(now, ZoneOffset.UTC), Duration.ofMinutes(30));

            assertThat(purge.purge()).isEqualTo(2);
            java.util.List<String> left = db.withHandle(h -> h.createQuery("SELECT typed_id FROM sign_in_failure ORDER BY typed_id")
                    .mapTo(String.class).list());
            assertThat(left).containsExactly("failed-a-minute-ago", "locked-now");
        }
    }

    private static void insert(org.jdbi.v3.core.Handle h, String id, Long lockedUntil, long lastFailure) {
        h.createUpdate("INSERT INTO sign_in_failure (typed_id, failures, locked_until, last_failure) VALUES (:id, 3, :until, :last)")
                .bind("id", id).bind("until", lockedUntil).bind("last", lastFailure).execute();
    }
}
