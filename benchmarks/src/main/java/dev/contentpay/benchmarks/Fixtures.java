package dev.contentpay.benchmarks;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.PurchasingInformation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/** What the benchmarks share: the demo's merchant and item, and databases in temporary folders. */
final class Fixtures {

    static final String MERCHANT = "sakura";
    static final URI SETTLE_AT = URI.create("http://127.0.0.1:8082");
    static final String ISSUER = "demo-issuer";
    static final Money PRICE = Money.of(100, "JPY");

    private Fixtures() {
    }

    /** Fresh purchasing information for the demo's wallpaper, as the shop issues it: a new order each time. */
    static PurchasingInformation wallpaper(Instant now) {
        return new PurchasingInformation(Ids.random("ord"), MERCHANT, "wallpaper", "picture", "Wallpaper", PRICE,
                SETTLE_AT, now, now.plus(Duration.ofMinutes(10)));
    }

    static Path temporaryFolder(String name) {
        try {
            return Files.createTempDirectory("contentpay-jmh-" + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A server's database as it runs in production: SQLite in WAL mode with every commit synced
     * (synchronous=FULL), on the disk under the temporary folder.
     */
    static Database sqlite(Path folder, String schema) {
        return Database.open(schema, Database.sqliteUrl(folder, schema), schema, 4);
    }

    static void delete(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind is harmless.
        }
    }
}
