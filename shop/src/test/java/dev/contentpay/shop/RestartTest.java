package dev.contentpay.shop;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.SelectResponse;
import dev.contentpay.shop.order.JdbiOrderStore;
import dev.contentpay.shop.order.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RestartTest {

    @TempDir
    Path dir;

    @Test
    void ordersAndTheirIdempotencyKeysSurviveARestartOnTheSameDataFolder() throws Exception {
        SelectResponse before;
        try (var shop = TestShop.start(dir)) {
            before = TestShop.json(shop.postOrder("restart-1", "{\"itemId\":\"wallpaper\"}"), SelectResponse.class);
        }
        String keyBefore = Files.readString(dir.resolve("keys/shop.jwk"));

        SelectResponse again;
        try (var shop = TestShop.start(dir)) {
            again = TestShop.json(shop.postOrder("restart-1", "{\"itemId\":\"wallpaper\"}"), SelectResponse.class);
        }

        assertThat(again.purchase().orderId()).isEqualTo(before.purchase().orderId());
        assertThat(Files.readString(dir.resolve("keys/shop.jwk"))).as("the signing key is kept").isEqualTo(keyBefore);
        try (var db = Database.open("shop-check", dev.contentpay.platform.db.TestDatabases.url(dir.resolve("data"), "shop"), "shop", 1)) {
            Order order = new JdbiOrderStore(db).find(before.purchase().orderId()).orElseThrow();
            assertThat(order.itemId()).isEqualTo("wallpaper");
            assertThat(order.price()).isEqualTo(Money.of(100, "JPY"));
            assertThat(order.expiresAt()).isEqualTo(before.purchase().expiresAt());
        }
    }
}
