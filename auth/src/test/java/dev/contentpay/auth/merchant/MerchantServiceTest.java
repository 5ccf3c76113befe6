package dev.contentpay.auth.merchant;

import com.nimbusds.jose.jwk.JWKSet;
import dev.contentpay.auth.audit.AuditLog;
import dev.contentpay.auth.audit.JdbiAuditStore;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.db.TestDatabases;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.time.HandClock;
import dev.contentpay.protocol.admin.RegisterMerchantRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A merchant's qualified invoice registration number is part of its registration over the admin
 * API: stored (auth migration V14), shown, found by the registry that statements read, audited when
 * it changes, removed by a registration without it, and refused in any form but {@code T} and 13
 * digits. On the real database of the run.
 */
class MerchantServiceTest {

    private static final Map<String, Object> SHOP = new JWKSet(KeyFiles.generate("ume-shop-1").toPublicJWK()).toJSONObject(true);
    private static final Map<String, Object> SETTLEMENT = new JWKSet(KeyFiles.generate("ume-settlement-1").toPublicJWK()).toJSONObject(true);

    @TempDir
    Path dir;
    Database db;
    final HandClock clock = new HandClock(Instant.parse("2026-12-01T00:00:00Z"));
    MerchantRegistry registry;
    AuditLog audit;
    MerchantService service;

    @BeforeEach
    void open() {
        db = Database.open("auth-merchants", TestDatabases.url(dir, "auth"), "auth", 4);
        var store = new JdbiMerchantStore(db);
        registry = new MerchantRegistry(store, clock);
        audit = new AuditLog(db, new JdbiAuditStore(), clock);
        service = new MerchantService(db, store, registry, audit, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void theRegistrationNumberIsRegisteredShownAndReadByTheRegistry() {
        var view = service.register(request("T2010001000008"));

        assertThat(view.invoiceRegistrationNumber()).isEqualTo("T2010001000008");
        assertThat(service.view("ume").invoiceRegistrationNumber()).isEqualTo("T2010001000008");
        assertThat(registry.find("ume").orElseThrow().invoiceRegistrationNumber()).isEqualTo("T2010001000008");
        assertThat(details(AuditLog.Kind.MERCHANT_REGISTERED)).containsExactly("settles at https://ume.example/settle, invoice registration number T2010001000008");
    }

    @Test
    void aNewNumberIsAChangeAuditedAndARegistrationWithoutOneRemovesIt() {
        service.register(request(null));
        assertThat(service.view("ume").invoiceRegistrationNumber()).isNull();

        clock.advance(java.time.Duration.ofSeconds(1));
        service.register(request("T3010001000007"));
        service.register(request("T3010001000007"));
        assertThat(registry.find("ume").orElseThrow().invoiceRegistrationNumber()).as("the change is seen at once").isEqualTo("T3010001000007");
        clock.advance(java.time.Duration.ofSeconds(1));
        service.register(request(null));

        assertThat(service.view("ume").invoiceRegistrationNumber()).isNull();
        // Newest first; the same registration again changed and audited nothing.
        assertThat(details(AuditLog.Kind.MERCHANT_CHANGED))
                .containsExactly("invoice registration number removed", "invoice registration number T3010001000007");
    }

    @Test
    void aNumberOfAnyOtherFormIsRefusedAndNothingIsRegistered() {
        for (String bad : List.of("", " ", "2010001000008", "T201000100000", "T20100010000080", "t2010001000008", "T2010001000008 ",
                "T２０１０００１０００００８", "T20100010000O8")) {
            assertThatThrownBy(() -> service.register(request(bad))).as("'%s'", bad).isInstanceOfSatisfying(ContentpayException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                assertThat(e.errors()).extracting(f -> f.field()).containsExactly("invoiceRegistrationNumber");
            });
        }
        assertThat(service.list(null, 10)).isEmpty();
        assertThatThrownBy(() -> new MerchantRegistry.Registration("ume", "Ume Goods", JWKSet.parse(SHOP), JWKSet.parse(SETTLEMENT),
                java.net.URI.create("https://ume.example/settle"), null, "T123")).isInstanceOf(IllegalArgumentException.class);
    }

    private static RegisterMerchantRequest request(String number) {
        return new RegisterMerchantRequest("ume", "Ume Goods", SHOP, SETTLEMENT, "https://ume.example/settle", null, number);
    }

    private List<String> details(AuditLog.Kind kind) {
        return audit.query(new AuditLog.Query(null, kind, null, null, null, 100)).stream().map(AuditLog.Event::detail).toList();
    }
}
