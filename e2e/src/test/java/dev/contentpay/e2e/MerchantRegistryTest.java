package dev.contentpay.e2e;

import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.JWKSet;
import dev.contentpay.auth.merchant.MerchantRegistry;
import dev.contentpay.auth.merchant.MerchantRegistry.Registration;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.db.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The merchant registry over auth's real database (SQLite or PostgreSQL): each role's keys apart. */
class MerchantRegistryTest {

    static final URI SETTLE_AT = URI.create("http://127.0.0.1:8082");

    @TempDir
    Path dir;
    Database db;
    MerchantRegistry registry;
    final OctetKeyPair shop = KeyFiles.generate("umeya-shop-1");
    final OctetKeyPair settlement = KeyFiles.generate("umeya-settlement-1");

    @BeforeEach
    void open() {
        db = Database.open("auth", TestDeployment.url(dir, "auth"), "auth", 2);
        registry = new MerchantRegistry(new dev.contentpay.auth.merchant.JdbiMerchantStore(db), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void eachRoleGetsItsOwnKeysAndNeverTheOthers() {
        registry.register(new Registration("umeya", "Umeya Books", set(shop), set(settlement), SETTLE_AT, null));

        assertThat(kids(registry.sealKeysOf("umeya"))).containsExactly("umeya-shop-1");
        assertThat(kids(registry.assertionKeysOf("umeya"))).containsExactly("umeya-settlement-1");
        var merchant = registry.find("umeya").orElseThrow();
        assertThat(merchant.settlementUrl()).isEqualTo(SETTLE_AT);
        assertThat(merchant.certificateName()).as("the certificate name defaults to the merchant id").isEqualTo("umeya");
        assertThat(registry.sealKeysOf("nobody")).isNull();
        assertThat(registry.assertionKeysOf("nobody")).isNull();
    }

    @Test
    void registrationRefusesAMerchantWhoseTwoRolesShareAKey() {
        // The same key under another id is still the same key.
        var renamed = new OctetKeyPair.Builder(shop.toPublicJWK()).keyID("umeya-settlement-9").build();
        assertThatThrownBy(() -> registry.register(new Registration("umeya", "Umeya Books", set(shop), new JWKSet(List.of(settlement.toPublicJWK(), renamed)),
                SETTLE_AT, "umeya")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("both to seal purchasing information and to sign assertions");
        assertThat(registry.find("umeya")).isEmpty();
    }

    @Test
    void registeringAgainReplacesTheKeysTheSettlementUrlAndTheCertificateName() {
        registry.register(new Registration("umeya", "Umeya Books", set(shop), set(settlement), SETTLE_AT, "umeya"));
        var newShop = KeyFiles.generate("umeya-shop-2");
        var fresh = new MerchantRegistry(new dev.contentpay.auth.merchant.JdbiMerchantStore(db), Clock.systemUTC());
        fresh.register(new Registration("umeya", "Umeya Books", set(newShop), set(settlement), URI.create("https://settle.umeya.test"), "settle.umeya.test"));

        assertThat(kids(fresh.sealKeysOf("umeya"))).containsExactly("umeya-shop-2");
        assertThat(fresh.find("umeya").orElseThrow().settlementUrl()).isEqualTo(URI.create("https://settle.umeya.test"));
        assertThat(fresh.find("umeya").orElseThrow().certificateName()).isEqualTo("settle.umeya.test");
    }

    @Test
    void aMerchantRegisteredBeforeTheRolesIsSplitByKeyId() {
        var other = KeyFiles.generate("umeya-1");
        String both = new JWKSet(List.of(shop.toPublicJWK(), settlement.toPublicJWK(), other.toPublicJWK())).toString(true);
        db.useTransaction(h -> h.createUpdate("INSERT INTO merchant (id, name, status, public_keys, created_at) VALUES ('umeya', 'Umeya Books', 'ACTIVE', :k, 0)")
                .bind("k", both).execute());

        assertThat(kids(registry.sealKeysOf("umeya"))).containsExactly("umeya-shop-1");
        assertThat(kids(registry.assertionKeysOf("umeya"))).containsExactly("umeya-settlement-1");
        assertThat(registry.find("umeya").orElseThrow().settlementUrl()).as("no seal of it is accepted until it is registered again").isNull();
    }

    @Test
    void aSuspensionChangesTheRowOnceIsSeenAtOnceAndSurvivesRegisteringAgain() {
        var store = new dev.contentpay.auth.merchant.JdbiMerchantStore(db);
        registry.register(new Registration("umeya", "Umeya Books", set(shop), set(settlement), SETTLE_AT, null));
        assertThat(registry.isSuspended("umeya")).isFalse();

        assertThat(suspend(store, "umeya")).isTrue();
        assertThat(suspend(store, "umeya")).as("already suspended").isFalse();
        assertThat(suspend(store, "nobody")).isFalse();
        assertThat(registry.isSuspended("umeya")).as("still cached as active").isFalse();
        registry.forget("umeya");
        assertThat(registry.isSuspended("umeya")).isTrue();
        // Its keys still prove who it is: only new money is refused.
        assertThat(kids(registry.assertionKeysOf("umeya"))).containsExactly("umeya-settlement-1");

        registry.register(new Registration("umeya", "Umeya Books", set(KeyFiles.generate("umeya-shop-2")), set(settlement), SETTLE_AT, null));
        assertThat(registry.isSuspended("umeya")).as("a new registration keeps the status").isTrue();
        assertThat(registry.isSuspended("nobody")).isFalse();
    }

    @Test
    void merchantsAreListedByIdAPageAtATime() {
        var store = new dev.contentpay.auth.merchant.JdbiMerchantStore(db);
        for (String id : List.of("c-shop", "a-shop", "b-shop")) {
            registry.register(new Registration(id, id, set(KeyFiles.generate(id + "-shop-1")), set(KeyFiles.generate(id + "-settlement-1")), SETTLE_AT, null));
        }

        assertThat(store.list(null, 2).stream().map(dev.contentpay.auth.merchant.Merchant::id).toList()).containsExactly("a-shop", "b-shop");
        assertThat(store.list("b-shop", 2).stream().map(dev.contentpay.auth.merchant.Merchant::id).toList()).containsExactly("c-shop");
    }

    private boolean suspend(dev.contentpay.auth.merchant.MerchantStore store, String id) {
        boolean changed = db.inTransaction(h -> store.setActive(h, id, false));
        return changed;
    }

    private static JWKSet set(OctetKeyPair key) {
        return new JWKSet(key.toPublicJWK());
    }

    private static List<String> kids(JWKSet set) {
        return set.getKeys().stream().map(k -> k.getKeyID()).toList();
    }
}
