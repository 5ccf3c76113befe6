package dev.contentpay.shop.order;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.db.TestDatabases;
import dev.contentpay.platform.money.Money;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class OrderPurgeTest {

    @TempDir
    Path dir;

    @Test
    void ordersADayPastTheirExpiryArePurgedAndYoungerOnesKept() {
        Instant now = Instant.parse("2026-12-05T12:00:00Z");
        try (var db = Database.open("shop-purge", TestDatabases.url(dir, "shop"), "shop", 2)) {
            var store = new JdbiOrderStore(db);
            store.insert(order("ord_expired_two_days_ago", now.minus(Duration.ofDays(2))));
            store.insert(order("ord_expired_an_hour_ago", now.minus(Duration.ofHours(1))));
            store.insert(order("ord_still_valid", now.plus(Duration.ofMinutes(10))));

            assertThat(new OrderPurge(store, Clock.fixed(now, ZoneOffset.UTC)).purge()).isEqualTo(1);

            assertThat(store.find("ord_expired_two_days_ago")).isEmpty();
            assertThat(store.find("ord_expired_an_hour_ago")).isPresent();
            assertThat(store.find("ord_still_valid")).isPresent();
        }
    }

    /** More expired orders than one transaction deletes are all purged, a thousand at a time. */
    @Test
    void manyExpiredOrdersArePurgedAThousandAtATime() {
        Instant now = Instant.parse("2026-12-05T12:00:00Z");
        int many = 2 * JdbiOrderStore.DELETE_CHUNK + 300;
        try (var db = Database.open("shop-purge", TestDatabases.url(dir, "shop"), "shop", 2)) {
            var store = new JdbiOrderStore(db);
            for (int i = 0; i < many; i++) store.insert(order("ord_old_" + i, now.minus(Duration.ofDays(2))));
            store.insert(order("ord_still_valid", now.plus(Duration.ofMinutes(10))));

            assertThat(new OrderPurge(store, Clock.fixed(now, ZoneOffset.UTC)).purge()).isEqualTo(many);

            assertThat(store.find("ord_old_0")).isEmpty();
            assertThat(store.find("ord_still_valid")).isPresent();
        }
    }

    private static Order order(String id, Instant expiresAt) {
        return new Order(id, "wallpaper", Money.of(300, "JPY"), expiresAt.minus(Duration.ofMinutes(15)), expiresAt);
    }
}
