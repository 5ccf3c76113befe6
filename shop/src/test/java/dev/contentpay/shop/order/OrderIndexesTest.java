package dev.contentpay.shop.order;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.db.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** An order is written on every purchase and read only by its id: no index beyond its primary key. */
class OrderIndexesTest {

    @TempDir
    Path dir;

    @Test
    void ordersCarryNoIndexBeyondTheirPrimaryKey() {
        String url = TestDatabases.url(dir, "shop");
        try (var db = Database.open("shop-indexes", url, "shop", 2)) {
            assertThat(TestDatabases.indexes(url, "shop_order")).isEmpty();
        }
    }
}
