package dev.contentpay.e2e;

import dev.contentpay.app.Deployment;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.crypto.TokenSigner;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.protocol.PurchasingInfoSeal;
import dev.contentpay.protocol.PurchasingInformation;
import dev.contentpay.protocol.SelectResponse;
import dev.contentpay.client.ContentpayClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static dev.contentpay.e2e.TestDeployment.assertRefused;
import static dev.contentpay.e2e.TestDeployment.password;
import static dev.contentpay.e2e.TestDeployment.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One merchant, two roles, each with its own keys (docs/AUTH.md): the shop's key seals purchasing
 * information and nothing else, the settlement server's signs its assertions on the dedicated line
 * and nothing else, over a client certificate that names the merchant; what auth applies for the
 * merchant is what its settlement server recorded.
 */
class MerchantRolesEndToEndTest {

    @TempDir
    static Path dir;
    static Deployment deployment;
    static ContentpayClient terminal;
    static Merchant settlement;

    @BeforeAll
    static void start() {
        deployment = TestDeployment.start(dir, Map.of());
        terminal = TestDeployment.terminal(deployment);
        settlement = new Merchant(deployment, dir, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        deployment.close();
    }

    @Test
    void theShopsKeySignsNoAssertionOnTheDedicatedLine() {
        var shopKey = new Merchant(deployment, dir, Clock.systemUTC(), "shop", "settlement");
        var approval = terminal.approve("alice", password("alice"), terminal.select(deployment.shop().url(), "wallpaper"));
        var allowance = settlement.judge(approval);
        settlement.notify(allowance, "stl_roles_shop");

        assertRefused(() -> shopKey.dailyTotals(LocalDate.now(ZoneOffset.UTC)), ErrorCode.CLIENT_UNAUTHENTICATED);
        assertRefused(() -> shopKey.refund(allowance, "stl_roles_shop"), ErrorCode.CLIENT_UNAUTHENTICATED);
        var waiting = terminal.approve("alice", password("alice"), terminal.select(deployment.shop().url(), "ringtone"));
        assertRefused(() -> shopKey.voidApproval(waiting.approvalId()), ErrorCode.CLIENT_UNAUTHENTICATED);

        assertThat(status(approval.approvalId())).isEqualTo("CHARGED");
        assertThat(status(waiting.approvalId())).isEqualTo("ISSUED");
        // The settlement server's own key still does all three.
        assertThat(settlement.dailyTotals(LocalDate.now(ZoneOffset.UTC)).status()).isEqualTo(200);
        assertThat(settlement.voidApproval(waiting.approvalId()).status()).isEqualTo("voided");
        assertThat(settlement.refund(allowance, "stl_roles_shop").status()).isEqualTo("refunded");
    }

    @Test
    void settlementsKeySealsNoPurchasingInformation() {
        var selection = terminal.select(deployment.shop().url(), "wallpaper");
        var settlementKey = KeyFiles.loadOrCreate(dir.resolve("keys/settlement.jwk"), Deployment.MERCHANT_ID + "-settlement-1");
        var forged = new SelectResponse(selection.purchase(), PurchasingInfoSeal.seal(new TokenSigner(settlementKey), selection.purchase()));

        assertRefused(() -> terminal.approve("alice", password("alice"), forged), ErrorCode.PURCHASE_INFO_INVALID);
        assertThat(rows(dir, "auth", "SELECT COUNT(*) FROM approval WHERE order_id = '" + selection.purchase().orderId() + "'"))
                .containsExactly(List.of("0"));
        // The shop's own seal of the same information is approved.
        assertThat(terminal.approve("alice", password("alice"), selection).orderId()).isEqualTo(selection.purchase().orderId());
    }

    @Test
    void aCertificateThatDoesNotNameTheMerchantIsRefusedEvenWithAValidAssertion() {
        var approval = terminal.approve("alice", password("alice"), terminal.select(deployment.shop().url(), "wallpaper"));
        for (String other : List.of("bureau", "auth")) {
            var overAnotherCertificate = new Merchant(deployment, dir, Clock.systemUTC(), "settlement", other);
            assertRefused(() -> overAnotherCertificate.judge(approval), ErrorCode.CLIENT_UNAUTHENTICATED);
            assertRefused(() -> overAnotherCertificate.dailyTotals(LocalDate.now(ZoneOffset.UTC)), ErrorCode.CLIENT_UNAUTHENTICATED);
        }
        assertThat(status(approval.approvalId())).isEqualTo("ISSUED");
        assertThat(settlement.judge(approval).allowanceId()).isNotBlank();
    }

    @Test
    void aSealThatSendsTheBuyerToSettleElsewhereIsRefused() {
        var selection = terminal.select(deployment.shop().url(), "wallpaper");
        var p = selection.purchase();
        var elsewhere = new PurchasingInformation(p.orderId(), p.merchantId(), p.itemId(), p.kind(), p.title(), p.price(),
                URI.create("http://127.0.0.1:1/"), p.issuedAt(), p.expiresAt());
        var shopKey = KeyFiles.loadOrCreate(dir.resolve("keys/shop.jwk"), Deployment.MERCHANT_ID + "-shop-1");
        var sealed = new SelectResponse(elsewhere, PurchasingInfoSeal.seal(new TokenSigner(shopKey), elsewhere));

        assertRefused(() -> terminal.approve("alice", password("alice"), sealed), ErrorCode.PURCHASE_INFO_INVALID);
        assertThat(rows(dir, "auth", "SELECT COUNT(*) FROM approval WHERE order_id = '" + p.orderId() + "'"))
                .containsExactly(List.of("0"));
        // The same order, sealed to settle where the merchant registered, is approved.
        assertThat(terminal.approve("alice", password("alice"), selection).orderId()).isEqualTo(p.orderId());
    }

    @Test
    void aRefundMustNameTheSettlementWhosePaymentNoticeCharged() {
        var approval = terminal.approve("alice", password("alice"), terminal.select(deployment.shop().url(), "wallpaper"));
        var allowance = settlement.judge(approval);
        settlement.notify(allowance, "stl_roles_charged");

        assertRefused(() -> settlement.refund(allowance, "stl_roles_other"), ErrorCode.NOT_FOUND);
        assertThat(status(approval.approvalId())).isEqualTo("CHARGED");
        assertThat(settlement.refund(allowance, "stl_roles_charged").status()).isEqualTo("refunded");
        assertThat(status(approval.approvalId())).isEqualTo("REFUNDED");
    }

    private static String status(String approvalId) {
        return rows(dir, "auth", "SELECT status FROM approval WHERE id = '" + approvalId + "'").get(0).get(0);
    }
}
