package dev.contentpay.app;

import dev.contentpay.platform.config.ConfigException;
import dev.contentpay.platform.config.ConfigReader;
import dev.contentpay.platform.config.ConfigSource;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.http.RunningServer;
import dev.contentpay.settlement.SettlementConfig;
import dev.contentpay.settlement.SettlementServer;
import dev.contentpay.shop.ShopConfig;
import dev.contentpay.shop.ShopServer;

import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The server device 5A of embodiment 2 ([0079]-[0088]): the online shop and the settling server in
 * one process over one database, for a merchant who runs a single machine. The shop's pages,
 * catalog and orders and settlement's purchases, ledger and outbox keep their own tables and
 * migration histories side by side in that database; each keeps its own port and keys, so a
 * terminal buys from it exactly as from the two servers of embodiment 1.
 *
 * <p>Configured by one file: {@code database.url}, and the shop's and settlement's own settings
 * under {@code shop.} and {@code settlement.} ({@code shop.http.port}, {@code settlement.auth.merchant-url}).
 * Where they would point at each other (settlement's {@code shop.url} and {@code shop.keys-file},
 * the shop's {@code settlement.url} and {@code settlement.keys-file}) they do so by default.
 */
public final class StoreServer implements RunningServer {

    public static final String SERVER = "store";
    private static final int POOL_SIZE = 12;

    private final Database db;
    private final ShopServer shop;
    private final SettlementServer settlement;

    private StoreServer(Database db, ShopServer shop, SettlementServer settlement) {
        this.db = db;
        this.shop = shop;
        this.settlement = settlement;
    }

    /** The store's own settings; the rest are the shop's and settlement's under their prefixes. */
    public static List<ConfigReader.Setting> settings() {
        return List.of(new ConfigReader.Setting("database.url", "jdbc:sqlite:data/store.db",
                "JDBC URL of the one database the shop and settlement share (SQLite or PostgreSQL); their own database.url is ignored"));
    }

    /** The two servers' configurations from one source, wired to each other where the source is silent. */
    public record Configs(String databaseUrl, ShopConfig shop, SettlementConfig settlement) {
    }

    public static Configs configs(ConfigSource source) {
        var unknown = source.keysOutside(Set.of("shop", "settlement"), Set.of("database.url"));
        if (!unknown.isEmpty()) {
            throw new ConfigException(unknown.stream().map(k -> k + " is not a setting of the store (database.url, or the shop's and "
                    + "settlement's settings under shop. and settlement.)").toList());
        }
        String url = source.get("database.url").orElse(settings().get(0).defaultValue());
        ConfigSource shopSource = source.section("shop").with("database.url", url);
        ShopConfig shop = ShopConfig.load(shopSource);
        String shopHost = shop.host().contains(":") ? "[" + shop.host() + "]" : shop.host();
        SettlementConfig settlement = SettlementConfig.load(source.section("settlement").with("database.url", url)
                .withDefault("shop.url", shop.publicUrl() != null ? shop.publicUrl().toString() : "http://" + shopHost + ":" + shop.port())
                .withDefault("shop.keys-file", shop.publicKeysFile().toString()));
        String settlementHost = settlement.host().contains(":") ? "[" + settlement.host() + "]" : settlement.host();
        shop = ShopConfig.load(shopSource
                .withDefault("settlement.url", settlement.publicUrl() != null ? settlement.publicUrl().toString()
                        : "http://" + settlementHost + ":" + settlement.port())
                .withDefault("settlement.keys-file", settlement.publicKeysFile().toString()));
        return new Configs(url, shop, settlement);
    }

    /** Opens the one database with both schemas, then starts the shop (whose public keys settlement reads) and settlement. */
    public static StoreServer start(Configs configs, Clock clock) {
        Database db = Database.open(SERVER, configs.databaseUrl(), List.of(ShopConfig.SERVER, SettlementConfig.SERVER), POOL_SIZE);
        ShopServer shop = null;
        try {
            shop = ShopServer.start(configs.shop(), clock, db);
            var settlement = new SettlementServer(configs.settlement(), clock, db).start();
            return new StoreServer(db, shop, settlement);
        } catch (RuntimeException e) {
            if (shop != null) shop.close();
            db.close();
            throw e;
        }
    }

    public ShopServer shop() {
        return shop;
    }

    public SettlementServer settlement() {
        return settlement;
    }

    @Override
    public String name() {
        return SERVER;
    }

    /** The storefront, where a buyer starts. */
    @Override
    public URI url() {
        return shop.url();
    }

    @Override
    public Map<String, URI> faces() {
        var faces = new LinkedHashMap<String, URI>();
        faces.put("shop", shop.url());
        faces.put("settlement", settlement.url());
        return faces;
    }

    /** Settlement first (it may still be sending to the issuer), then the shop, then their database. */
    @Override
    public void close() {
        try {
            settlement.close();
        } finally {
            try {
                shop.close();
            } finally {
                db.close();
            }
        }
    }
}
