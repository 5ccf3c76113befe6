package dev.contentpay.e2e;

import dev.contentpay.app.Deployment;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.client.ContentpayClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.contentpay.e2e.TestDeployment.assertRefused;
import static dev.contentpay.e2e.TestDeployment.awaitHistory;
import static dev.contentpay.e2e.TestDeployment.password;
import static dev.contentpay.e2e.TestDeployment.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Embodiment 2 ([0079]-[0088]): the shop and settlement as one store, one process over one
 * database, and a terminal that buys from it exactly as from embodiment 1's two servers.
 */
class CombinedStoreEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void theTerminalBuysFromTheCombinedStoreUnchangedAndBothPartsKeepTheirTablesInOneDatabase() {
        try (Deployment d = TestDeployment.startCombined(dir, Map.of())) {
            assertThat(d.store()).isPresent();
            var terminal = TestDeployment.terminal(d);
            var purchase = terminal.buy(d.shop().url(), "alice", password("alice"), "ebook");

            assertThat(purchase.receipt().amount().amount()).isEqualTo(800);
            assertThat(purchase.content()).isNotEmpty();
            assertThat(awaitHistory(d, "alice", h -> h.charged().amount() == 800).charged().amount())
                    .as("the payment notice from the store's outbox is applied").isEqualTo(800);
            assertRefused(() -> terminal.buy(d.shop().url(), "bob", password("bob"), "wallpaper"), ErrorCode.CREDIT_REFUSED);
            // The order (shop) and the settlement (settlement) sit in the same database, each schema with its own history.
            String order = purchase.selection().purchase().orderId();
            assertThat(rows(dir, "store", "SELECT COUNT(*) FROM shop_order WHERE id = '" + order + "'")).containsExactly(List.of("1"));
            assertThat(rows(dir, "store", "SELECT COUNT(*) FROM settlement WHERE order_id = '" + order + "'")).containsExactly(List.of("1"));
            assertThat(rows(dir, "store", TestDeployment.tables(dir, "store"))).extracting(r -> r.get(0))
                    .contains("shop_schema_history", "settlement_schema_history", "platform_schema_history");
        }
    }

    @Test
    void contentpayServeStoreRunsTheStoreAsOneProcessFromOneConfigurationFile() throws Exception {
        int shopPort = freePort(), settlementPort = freePort();
        // The merchant's buyers settle at the store's settlement: auth refuses a seal naming any other.
        try (Deployment d = TestDeployment.start(dir, Map.of("auth", Map.of("merchant.sakura.settlement-url", "http://127.0.0.1:" + settlementPort)))) {
            // The same merchant keys as the deployment's own shop and settlement, so the issuer knows the store.
            Path config = Files.write(dir.resolve("store.properties"), List.of(
                    "database.url=" + TestDeployment.url(dir, "store-process"),
                    "shop.http.port=" + shopPort, "shop.signing.key-file=keys/shop.jwk", "shop.issuer.url=" + d.auth().url(),
                    "settlement.http.port=" + settlementPort, "settlement.signing.key-file=keys/settlement.jwk",
                    "settlement.auth.merchant-url=" + d.auth().merchantUrl(), "settlement.auth.keys-file=keys/auth.public.jwks",
                    "settlement.admin.token-file=keys/store-admin.token",
                    // The dedicated line is mutual TLS: the store presents the deployment's settlement certificate.
                    "settlement.auth.tls.cert-file=keys/tls/settlement.pem", "settlement.auth.tls.key-file=keys/tls/settlement.key",
                    "settlement.auth.tls.ca-file=keys/tls/ca.pem"));
            try (var store = ServerProcess.start(dir, "store", config)) {
                URI shop = URI.create("http://127.0.0.1:" + shopPort);
                var terminal = new ContentpayClient(d.auth().url());
                var selection = terminal.select(shop, "wallpaper");
                assertThat(selection.purchase().settleAt().getPort()).isEqualTo(settlementPort);

                var purchase = terminal.buy(shop, "alice", password("alice"), "wallpaper");

                assertThat(purchase.receipt().amount().amount()).isEqualTo(100);
                assertThat(store.output()).contains("shop: " + shop, "settlement: http://127.0.0.1:" + settlementPort);
                assertThat(rows(dir, "store-process", "SELECT COUNT(*) FROM settlement")).containsExactly(List.of("1"));
                assertThat(rows(dir, "settlement", "SELECT COUNT(*) FROM settlement")).containsExactly(List.of("0"));
            }
        }
    }

    private static int freePort() throws java.io.IOException {
        return dev.contentpay.platform.http.FreePorts.pick();
    }
}
