package dev.contentpay.settlement;

import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.crypto.TokenSigner;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.PurchasingInfoSeal;
import dev.contentpay.protocol.PurchasingInformation;
import dev.contentpay.protocol.Receipt;
import dev.contentpay.settlement.fakes.FakeShop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class PurchaseTest {

    @TempDir
    Path dir;
    Harness harness;

    @BeforeEach
    void start() {
        harness = Harness.start(dir);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void aPurchaseSettlesOnceAndItsReceiptDownloadsTheExactBytes() {
        Sale sale = harness.sale();

        HttpResponse<String> response = harness.purchase("k-1", sale);

        assertThat(response.statusCode()).isEqualTo(201);
        Receipt receipt = Harness.receipt(response);
        assertThat(receipt.settlementId()).startsWith("stl_");
        assertThat(receipt.merchantId()).isEqualTo("sakura");
        assertThat(receipt.orderId()).isEqualTo(sale.info().orderId());
        assertThat(receipt.approvalId()).isEqualTo(sale.approval().approvalId());
        assertThat(receipt.amount()).isEqualTo(Money.of(100, "JPY"));
        assertThat(receipt.contentSha256()).isEqualTo(harness.shop.contentSha256());
        assertThat(receipt.mediaType()).isEqualTo("image/png");
        assertThat(receipt.downloadExpiresAt()).isAfter(receipt.settledAt());
        assertThat(harness.count("SELECT COUNT(*) FROM settlement")).isEqualTo(1);

        HttpResponse<byte[]> download = harness.get(receipt.downloadUrl());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(harness.shop.contentBytes());
        assertThat(download.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("image/png"));
        assertThat(download.headers().firstValue("X-Content-SHA256")).hasValue(harness.shop.contentSha256());
        assertThat(download.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"wallpaper.png\"");
    }

    @Test
    void aSettlementPostsBalancedLedgerEntriesAnOutboxNoticeAndAHashedGrant() {
        Receipt receipt = harness.settle(harness.sale());

        assertThat(harness.count("SELECT SUM(amount) FROM ledger_entry WHERE account = 'issuer_receivable' AND side = 'DEBIT'")).isEqualTo(100);
        assertThat(harness.count("SELECT SUM(amount) FROM ledger_entry WHERE account = 'revenue' AND side = 'CREDIT'")).isEqualTo(100);
        assertThat(harness.count("SELECT COUNT(*) FROM outbox WHERE kind = 'NOTICE' AND settlement_id = ?", receipt.settlementId())).isEqualTo(1);
        String token = receipt.downloadUrl().substring(receipt.downloadUrl().indexOf("token=") + "token=".length());
        assertThat(harness.text("SELECT token_sha256 FROM download_grant WHERE settlement_id = ?", receipt.settlementId()))
                .isEqualTo(ClientAssertions.sha256Hex(token));
        assertThat(harness.text("SELECT pseudonym FROM settlement WHERE id = ?", receipt.settlementId())).startsWith("pn_");
    }

    @Test
    void theSameRequestWithTheSameKeyReturnsTheSameReceipt() {
        Sale sale = harness.sale();

        HttpResponse<String> first = harness.purchase("same-key", sale);
        HttpResponse<String> again = harness.purchase("same-key", sale);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(harness.auth.judgeCalls).hasValue(1);
        assertThat(harness.count("SELECT COUNT(*) FROM settlement")).isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused() {
        harness.purchase("reused-key", harness.sale());

        HttpResponse<String> other = harness.purchase("reused-key", harness.sale());

        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(Harness.code(other)).isEqualTo("idempotency_key_reused");
    }

    @Test
    void theSameApprovalPresentedWithAnotherKeyIsRefusedAsAlreadyUsed() {
        Sale sale = harness.sale();
        harness.purchase("first-key", sale);

        HttpResponse<String> second = harness.purchase("second-key", sale);

        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(Harness.code(second)).isEqualTo("approval_already_used");
        assertThat(harness.count("SELECT COUNT(*) FROM settlement")).isEqualTo(1);
        assertThat(harness.count("SELECT COUNT(*) FROM refusal WHERE code = 'approval_already_used'")).isEqualTo(1);
    }

    @Test
    void fiftyConcurrentPresentationsOfOneApprovalSettleExactlyOnce() throws Exception {
        Sale sale = harness.sale();
        var gate = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(50)) {
            for (int i = 0; i < 50; i++) {
                String key = "concurrent-" + i;
                answers.add(pool.submit(() -> {
                    gate.await();
                    return harness.purchase(key, sale);
                }));
            }
            gate.countDown();
        }

        List<Integer> statuses = new ArrayList<>();
        for (var answer : answers) statuses.add(answer.get().statusCode());
        assertThat(statuses).as(statuses.toString()).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s != 201).containsOnly(409);
        assertThat(harness.count("SELECT COUNT(*) FROM settlement")).isEqualTo(1);
        assertThat(harness.count("SELECT COUNT(*) FROM outbox WHERE kind = 'NOTICE'")).isEqualTo(1);
        assertThat(harness.auth.allowancesIssued()).isEqualTo(1);
    }

    @Test
    void aPriceChangedInTheSealedPayloadIsRefusedAsInvalidPurchasingInformation() {
        Sale sale = harness.sale();
        String[] parts = sale.sealed().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("\"amount\":100", "\"amount\":1");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        HttpResponse<String> response = harness.purchase("tampered", sale.withSealed(tampered));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Harness.code(response)).isEqualTo("purchase_info_invalid");
        assertThat(harness.auth.judgeCalls).hasValue(0);
        assertThat(harness.count("SELECT COUNT(*) FROM settlement")).isZero();
    }

    /**
     * The approval names the seal the issuer opened (its SHA-256), so settlement reads those bytes
     * without checking the seal's signature again: shown here with a seal our shop never made, which
     * the (fake) issuer nevertheless approved. The same seal under an approval that does not name it
     * is checked by signature and refused.
     */
    @Test
    void aSealTheApprovalNamesIsTakenOnTheIssuersWordAndAnyOtherIsCheckedBySignature() {
        Sale sale = harness.sale();
        String strangers = PurchasingInfoSeal.seal(new TokenSigner(FakeShop.newKey()), sale.info());
        var a = sale.approval();
        var naming = new dev.contentpay.protocol.ApprovalClaims(a.approvalId(), a.issuer(), a.merchantId(), a.pseudonym(), a.orderId(),
                a.itemId(), a.amount(), a.issuedAt(), a.expiresAt(), dev.contentpay.protocol.ApprovalClaims.sealHash(strangers));

        HttpResponse<String> refused = harness.purchase("unnamed", sale.withSealed(strangers));
        HttpResponse<String> settled = harness.purchase("named", sale.withSealed(strangers).withApproval(naming, harness.authKey));

        assertThat(Harness.code(refused)).isEqualTo("purchase_info_invalid");
        assertThat(settled.statusCode()).as(settled.body()).isEqualTo(201);
        assertThat(harness.count("SELECT COUNT(*) FROM settlement")).isEqualTo(1);
    }

    @Test
    void purchasingInformationResealedWithAnotherKeyIsRefusedAsInvalid() {
        Sale sale = harness.sale();
        var cheaper = new PurchasingInformation(sale.info().orderId(), sale.info().merchantId(),
                sale.info().itemId(), sale.info().kind(), sale.info().title(), Money.of(1, "JPY"), sale.info().settleAt(),
                sale.info().issuedAt(), sale.info().expiresAt());
        String resealed = PurchasingInfoSeal.seal(new TokenSigner(FakeShop.newKey()), cheaper);

        HttpResponse<String> response = harness.purchase("resealed", sale.withSealed(resealed));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Harness.code(response)).isEqualTo("purchase_info_invalid");
        assertThat(harness.count("SELECT COUNT(*) FROM settlement")).isZero();
    }

    @Test
    void anApprovalForAnotherMerchantIsRefusedAsWrongMerchant() {
        Sale sale = harness.sale().withApprovalForMerchant("other-merchant", harness.authKey);

        HttpResponse<String> response = harness.purchase("wrong-merchant", sale);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(Harness.code(response)).isEqualTo("approval_wrong_merchant");
        assertThat(harness.auth.judgeCalls).hasValue(0);
    }

    @Test
    void anApprovalForAnotherAmountThanThePriceIsRefusedAsAmountMismatch() {
        Sale sale = harness.sale().withApprovedAmount(Money.of(90, "JPY"), harness.authKey);

        HttpResponse<String> response = harness.purchase("cheaper", sale);

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(Harness.code(response)).isEqualTo("amount_mismatch");
        assertThat(harness.count("SELECT COUNT(*) FROM refusal WHERE code = 'amount_mismatch' AND order_id = ?", sale.info().orderId())).isEqualTo(1);
        assertThat(harness.count("SELECT COUNT(*) FROM settlement")).isZero();
    }

    @Test
    void anExpiredApprovalIsRefusedAsExpired() {
        Sale sale = harness.sale().withApprovalExpired(harness.authKey);

        HttpResponse<String> response = harness.purchase("expired", sale);

        assertThat(response.statusCode()).isEqualTo(410);
        assertThat(Harness.code(response)).isEqualTo("approval_expired");
    }

    @Test
    void anApprovalSignedByAnotherKeyIsRefusedAsInvalid() {
        Sale sale = harness.sale();
        Sale forged = sale.withApproval(sale.approval(), KeyFiles.generate(harness.authKey.getKeyID()));

        HttpResponse<String> response = harness.purchase("forged", forged);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Harness.code(response)).isEqualTo("approval_invalid");
    }

    @Test
    void theIssuersRefusalIsPassedOnWithItsCodeAndRecorded() {
        harness.auth.refuseWith = ErrorCode.LIMIT_EXCEEDED;
        Sale sale = harness.sale();

        HttpResponse<String> response = harness.purchase("over-limit", sale);

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(Harness.code(response)).isEqualTo("limit_exceeded");
        assertThat(harness.count("SELECT COUNT(*) FROM refusal WHERE code = 'limit_exceeded' AND approval_id = ?",
                sale.approval().approvalId())).isEqualTo(1);
        assertThat(harness.count("SELECT COUNT(*) FROM settlement")).isZero();
    }

    @Test
    void anAllowanceTheIssuerDidNotSignIsRefusedAndNothingIsSettled() {
        harness.auth.forgeAllowances = true;

        HttpResponse<String> response = harness.purchase("forged-allowance", harness.sale());

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(Harness.code(response)).isEqualTo("allowance_invalid");
        assertThat(harness.count("SELECT COUNT(*) FROM settlement")).isZero();
        assertThat(harness.count("SELECT COUNT(*) FROM outbox WHERE kind = 'NOTICE'")).isZero();
    }

    @Test
    void aBurstOfPurchasesReadsTheShopsCatalogOnce() {
        harness.settle(harness.sale());
        harness.settle(harness.sale());

        assertThat(harness.shop.catalogFetches).hasValue(1);
    }

    @Test
    void aPurchaseWithoutAnIdempotencyKeyIsRefused() {
        HttpResponse<String> response = harness.purchase(null, harness.sale());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Harness.code(response)).isEqualTo("idempotency_key_missing");
    }

    @Test
    void aBodyThatIsNotAPurchaseIsRefusedAsInvalid() {
        HttpResponse<String> response = harness.post("empty", "{\"approval\": \"\", \"purchase\": 42}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Harness.code(response)).isEqualTo("validation_failed");
    }
}
