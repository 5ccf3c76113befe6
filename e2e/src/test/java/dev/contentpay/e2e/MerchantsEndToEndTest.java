package dev.contentpay.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWKSet;
import dev.contentpay.app.Deployment;
import dev.contentpay.app.operator.OperatorClient;
import dev.contentpay.client.ContentpayClient;
import dev.contentpay.client.PinPrompt;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.protocol.admin.RegisterMerchantRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static dev.contentpay.e2e.TestDeployment.assertRefused;
import static dev.contentpay.e2e.TestDeployment.password;
import static dev.contentpay.e2e.TestDeployment.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two merchants, each with its own shop, settlement server, keys and databases, registered at one
 * issuer (docs/AUTH.md, "Merchants"): one subscriber is a different and stable pseudonym at each;
 * an operator registers, lists, shows, suspends and resumes merchants over the admin API, and a
 * suspended merchant's seals and judgements are refused with {@code merchant_suspended} while the
 * other merchant sells on.
 */
class MerchantsEndToEndTest {

    private static final String SECOND = Deployment.SECOND_MERCHANT_ID;

    @TempDir
    static Path dir;
    static Deployment deployment;
    static ContentpayClient terminal;
    static OperatorClient operator;
    static URI sakuraShop;
    static URI momijiShop;

    @BeforeAll
    static void start() {
        deployment = TestDeployment.startWithSecondMerchant(dir, Map.of());
        terminal = TestDeployment.terminal(deployment);
        operator = new OperatorClient(deployment.auth().adminUrl(), dir.resolve("keys/auth-admin.token"));
        sakuraShop = deployment.shop().url();
        momijiShop = deployment.secondMerchant().orElseThrow().shop().url();
    }

    @AfterAll
    static void stop() {
        deployment.close();
    }

    @Test
    void oneSubscriberIsTwoDifferentPseudonymsAtTwoMerchantsAndTheSameOneAgainAtEach() {
        var atSakura = buy("carol", sakuraShop, "wallpaper");
        var atMomiji = buy("carol", momijiShop, "chime");
        var againAtSakura = buy("carol", sakuraShop, "ringtone");
        var againAtMomiji = buy("carol", momijiShop, "chime");

        String sakura = pseudonymAt("settlement", atSakura);
        String momiji = pseudonymAt(SECOND + "-settlement", atMomiji);
        assertThat(atSakura.receipt().merchantId()).isEqualTo(Deployment.MERCHANT_ID);
        assertThat(atMomiji.receipt().merchantId()).isEqualTo(SECOND);
        assertThat(sakura).startsWith("psn_").isNotEqualTo(momiji).doesNotContain("carol");
        assertThat(momiji).startsWith("psn_").doesNotContain("carol");
        assertThat(pseudonymAt("settlement", againAtSakura)).isEqualTo(sakura);
        assertThat(pseudonymAt(SECOND + "-settlement", againAtMomiji)).isEqualTo(momiji);
        // Each merchant's own records hold only its own pseudonym: neither can match its buyers with the other's.
        assertThat(column(SECOND + "-settlement", "SELECT DISTINCT pseudonym FROM settlement")).doesNotContain(sakura);
        assertThat(column("settlement", "SELECT DISTINCT pseudonym FROM settlement")).doesNotContain(momiji);
    }

    @Test
    void aSuspendedMerchantsSealsAndJudgementsAreRefusedUntilItIsResumed() {
        var selected = terminal.select(momijiShop, "petals");
        var approvedBefore = terminal.approve("alice", password("alice"), selected);
        long suspensions = auditKinds().stream().filter("merchant_suspended"::equals).count();

        assertThat(operator.send("POST", "/v1/admin/merchants/" + SECOND + "/suspend", null).path("status").asText()).isEqualTo("suspended");

        // Its seal at approval, and its judgement of an approval given before, are refused; the other merchant sells on.
        assertRefused(() -> terminal.approve("alice", password("alice"), terminal.select(momijiShop, "chime")), ErrorCode.MERCHANT_SUSPENDED);
        assertRefused(() -> terminal.present(selected, approvedBefore), ErrorCode.MERCHANT_SUSPENDED);
        assertThat(rows(dir, "auth", "SELECT status, verdict_code FROM approval WHERE id = '" + approvedBefore.approvalId() + "'"))
                .containsExactly(List.of("REFUSED", "merchant_suspended"));
        assertThat(buy("alice", sakuraShop, "wallpaper").receipt().merchantId()).isEqualTo(Deployment.MERCHANT_ID);
        // Suspending again changes nothing and is not audited again.
        assertThat(operator.send("POST", "/v1/admin/merchants/" + SECOND + "/suspend", null).path("status").asText()).isEqualTo("suspended");

        assertThat(operator.send("POST", "/v1/admin/merchants/" + SECOND + "/resume", null).path("status").asText()).isEqualTo("active");

        assertThat(buy("alice", momijiShop, "petals").receipt().merchantId()).isEqualTo(SECOND);
        assertThat(auditKinds()).containsSubsequence("merchant_resumed", "merchant_suspended");
        assertThat(auditKinds().stream().filter("merchant_suspended"::equals).count()).isEqualTo(suspensions + 1);
    }

    @Test
    void aSuspendedMerchantsPaymentNoticeForAnAllowanceGivenBeforeIsStillApplied() {
        var line = new Merchant(deployment, dir, Clock.systemUTC(), SECOND, SECOND + "-settlement", SECOND + "-settlement");
        var approval = terminal.approve("alice", password("alice"), terminal.select(momijiShop, "chime"));
        var allowance = line.judge(approval);
        operator.send("POST", "/v1/admin/merchants/" + SECOND + "/suspend", null);
        try {
            assertThat(line.notify(allowance, "stl_owed_before_suspension").status()).isEqualTo("charged");
            assertThat(line.dailyTotals(java.time.LocalDate.now(java.time.ZoneOffset.UTC)).status()).isEqualTo(200);
        } finally {
            operator.send("POST", "/v1/admin/merchants/" + SECOND + "/resume", null);
        }
    }

    @Test
    void anOperatorRegistersListsAndShowsAMerchantAndChangesItsKeys() {
        var shopKey = KeyFiles.generate("ume-shop-1");
        var settlementKey = KeyFiles.generate("ume-settlement-1");
        var registered = operator.send("POST", "/v1/admin/merchants", registration("ume", shopKey, settlementKey));

        assertThat(registered.path("status").asText()).isEqualTo("active");
        assertThat(registered.path("certificateName").asText()).isEqualTo("ume");
        assertThat(registered.path("sealKeys").path("keys").get(0).path("kid").asText()).isEqualTo("ume-shop-1");
        assertThat(registered.path("sealKeys").path("keys").get(0).has("d")).isFalse();
        assertThat(operator.get("/v1/admin/merchants/ume")).isEqualTo(registered);
        assertThat(ids(operator.get("/v1/admin/merchants"))).contains(Deployment.MERCHANT_ID, SECOND, "ume");
        assertThat(ids(operator.get("/v1/admin/merchants?limit=1&after=" + Deployment.MERCHANT_ID))).containsExactly("ume");

        // A new settlement key is a key change: the registration is replaced, the status kept.
        operator.send("POST", "/v1/admin/merchants/ume/suspend", null);
        var changed = operator.send("POST", "/v1/admin/merchants", registration("ume", shopKey, KeyFiles.generate("ume-settlement-2")));
        assertThat(changed.path("assertionKeys").path("keys").get(0).path("kid").asText()).isEqualTo("ume-settlement-2");
        assertThat(changed.path("status").asText()).isEqualTo("suspended");
        assertThat(auditKinds()).contains("merchant_registered", "merchant_changed");
    }

    @Test
    void aRegistrationNumberGivenOverTheAdminApiIsStatedOnTheBuyersStatementAndAMalformedOneIsRefused() {
        JsonNode before = operator.get("/v1/admin/merchants/" + SECOND);
        assertThat(before.path("invoiceRegistrationNumber").asText()).as("from its configuration").isEqualTo("T3010001000007");
        try {
            var changed = operator.send("POST", "/v1/admin/merchants", reregistration(before, "T3010001000015"));
            assertThat(changed.path("invoiceRegistrationNumber").asText()).isEqualTo("T3010001000015");
            for (String malformed : List.of("3010001000015", "T301000100001", "T30100010000150", "t3010001000015", "")) {
                assertRefused(() -> operator.send("POST", "/v1/admin/merchants", reregistration(before, malformed)), ErrorCode.VALIDATION_FAILED);
            }
            assertThat(operator.get("/v1/admin/merchants/" + SECOND).path("invoiceRegistrationNumber").asText()).isEqualTo("T3010001000015");

            var bought = buy("alice", momijiShop, "chime");

            var statement = terminal.statement("alice", password("alice"), null, null);
            var line = statement.lines().stream().filter(l -> l.approvalId().equals(bought.receipt().approvalId()) && l.kind().equals("charge"))
                    .findFirst().orElseThrow();
            assertThat(line.merchantRegistrationNumber()).isEqualTo("T3010001000015");
            assertThat(auditDetails("merchant_changed")).contains("invoice registration number T3010001000015");
        } finally {
            operator.send("POST", "/v1/admin/merchants", reregistration(before, "T3010001000007"));
        }
    }

    @Test
    void privateKeysAndOneKeyForBothRolesAreRefused() {
        var shopKey = KeyFiles.generate("kiri-shop-1");
        var settlementKey = KeyFiles.generate("kiri-settlement-1");
        // What a careless client might send: the shop's whole key pair. The request record itself refuses it, so it goes as a map.
        var withPrivate = Map.of("id", "kiri", "name", "Kiri", "sealKeys", new JWKSet(shopKey).toJSONObject(false),
                "assertionKeys", new JWKSet(settlementKey.toPublicJWK()).toJSONObject(true), "settlementUrl", "https://kiri.example/settle");
        var oneKey = new RegisterMerchantRequest("kiri", "Kiri", new JWKSet(shopKey.toPublicJWK()).toJSONObject(true),
                new JWKSet(shopKey.toPublicJWK()).toJSONObject(true), "https://kiri.example/settle", null, null);

        assertRefused(() -> operator.send("POST", "/v1/admin/merchants", withPrivate), ErrorCode.VALIDATION_FAILED);
        assertRefused(() -> operator.send("POST", "/v1/admin/merchants", oneKey), ErrorCode.VALIDATION_FAILED);
        assertRefused(() -> operator.get("/v1/admin/merchants/kiri"), ErrorCode.NOT_FOUND);
        assertRefused(() -> operator.send("POST", "/v1/admin/merchants/kiri/suspend", null), ErrorCode.NOT_FOUND);
    }

    private static RegisterMerchantRequest registration(String id, com.nimbusds.jose.jwk.JWK shopKey, com.nimbusds.jose.jwk.JWK settlementKey) {
        return new RegisterMerchantRequest(id, "Ume Goods", new JWKSet(shopKey.toPublicJWK()).toJSONObject(true),
                new JWKSet(settlementKey.toPublicJWK()).toJSONObject(true), "https://" + id + ".example/settle", null, null);
    }

    /** The merchant's registration as an operator sees it, with another invoice registration number (sent as is, even malformed). */
    private static Map<String, Object> reregistration(JsonNode view, String invoiceRegistrationNumber) {
        var body = new java.util.LinkedHashMap<String, Object>();
        for (String field : List.of("id", "name", "sealKeys", "assertionKeys", "settlementUrl", "certificateName")) {
            body.put(field, dev.contentpay.platform.http.Json.MAPPER.convertValue(view.path(field), Object.class));
        }
        body.put("invoiceRegistrationNumber", invoiceRegistrationNumber);
        return body;
    }

    private static ContentpayClient.Purchase buy(String subscriber, URI shop, String item) {
        return terminal.buy(shop, subscriber, password(subscriber), item, PinPrompt.NONE);
    }

    /** The pseudonym the merchant's settlement server recorded for the purchase: all it knows of the buyer. */
    private static String pseudonymAt(String settlementDatabase, ContentpayClient.Purchase purchase) {
        return column(settlementDatabase, "SELECT pseudonym FROM settlement WHERE id = '" + purchase.receipt().settlementId() + "'").get(0);
    }

    private static List<String> column(String database, String sql) {
        return rows(dir, database, sql).stream().map(row -> row.get(0)).toList();
    }

    private static List<String> auditDetails(String kind) {
        var details = new java.util.ArrayList<String>();
        operator.get("/v1/admin/audit?limit=1000&kind=" + kind).forEach(e -> details.add(e.path("detail").asText()));
        return details;
    }

    private static List<String> auditKinds() {
        var kinds = new java.util.ArrayList<String>();
        operator.get("/v1/admin/audit?limit=1000").forEach(e -> kinds.add(e.path("kind").asText()));
        return kinds;
    }

    private static List<String> ids(JsonNode merchants) {
        var ids = new java.util.ArrayList<String>();
        merchants.forEach(m -> ids.add(m.path("id").asText()));
        return ids;
    }
}
