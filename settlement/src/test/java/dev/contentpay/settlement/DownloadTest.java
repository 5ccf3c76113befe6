package dev.contentpay.settlement;

import dev.contentpay.protocol.Receipt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** [0070]: the buyer downloads what they paid for, with the receipt's link, and nobody else does. */
class DownloadTest {

    @TempDir
    Path dir;
    Harness harness;
    Receipt receipt;
    Sale sale;

    @BeforeEach
    void start() {
        harness = Harness.start(dir);
        sale = harness.sale();
        receipt = harness.settle(sale);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void theReceiptsLinkDownloadsAgainLater() {
        assertThat(harness.get(receipt.downloadUrl()).statusCode()).isEqualTo(200);
        assertThat(harness.get(receipt.downloadUrl()).body()).isEqualTo(harness.shop.contentBytes());
    }

    @Test
    void aDownloadWithAnotherTokenIsForbidden() {
        String url = receipt.downloadUrl().replaceFirst("token=.*", "token=guessed");

        HttpResponse<byte[]> response = harness.get(url);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("download_forbidden");
    }

    @Test
    void aDownloadWithoutATokenIsForbidden() {
        HttpResponse<byte[]> response = harness.get(receipt.downloadUrl().replaceFirst("\\?token=.*", ""));

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void aDownloadOfAnUnknownSettlementIsNotFound() {
        String url = receipt.downloadUrl().replace(receipt.settlementId(), "stl_unknown");

        HttpResponse<byte[]> response = harness.get(url);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("settlement_not_found");
    }

    @Test
    void aDownloadLinkPastItsLifetimeIsForbidden() {
        harness.clock.advance(Duration.ofHours(25));

        assertThat(harness.get(receipt.downloadUrl()).statusCode()).isEqualTo(403);
    }

    @Test
    void contentThatDoesNotMatchTheCatalogsHashIsNotDelivered() {
        harness.shop.serveAlteredContent = true;

        HttpResponse<byte[]> response = harness.get(receipt.downloadUrl());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("shop_unavailable");
    }

    @Test
    void theShopIsAskedForAContentOnceHoweverOftenItIsDownloaded() {
        int before = harness.shop.contentFetches.get();
        for (int i = 0; i < 3; i++) {
            HttpResponse<byte[]> response = harness.get(receipt.downloadUrl());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(harness.shop.contentBytes());
        }
        Receipt another = harness.settle(harness.sale());
        assertThat(harness.get(another.downloadUrl()).body()).isEqualTo(harness.shop.contentBytes());

        assertThat(harness.shop.contentFetches.get() - before).isLessThanOrEqualTo(1);
    }

    @Test
    void bytesThatDoNotMatchAreNeverKeptSoTheRightOnesAreFetchedOnceTheShopIsMended() {
        harness.shop.serveAlteredContent = true;
        assertThat(harness.get(receipt.downloadUrl()).statusCode()).isEqualTo(503);
        assertThat(harness.get(receipt.downloadUrl()).statusCode()).isEqualTo(503);

        harness.shop.serveAlteredContent = false;
        HttpResponse<byte[]> mended = harness.get(receipt.downloadUrl());

        assertThat(mended.statusCode()).isEqualTo(200);
        assertThat(mended.body()).isEqualTo(harness.shop.contentBytes());
    }

    @Test
    void afterTheFirstMinutesTheLinkAloneNoLongerDownloads() {
        harness.clock.advance(Duration.ofMinutes(11));

        HttpResponse<byte[]> response = harness.get(receipt.downloadUrl());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("download_forbidden", "Contentpay-Approval");
    }

    @Test
    void afterTheFirstMinutesTheBuyersApprovalWithTheLinkDownloadsAgainThoughTheApprovalExpired() {
        harness.clock.advance(Duration.ofHours(23));

        HttpResponse<byte[]> response = harness.get(receipt.downloadUrl(), "Contentpay-Approval", sale.approvalToken());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(harness.shop.contentBytes());
    }

    @Test
    void anotherBuyersApprovalDoesNotOpenTheLink() {
        harness.clock.advance(Duration.ofMinutes(11));
        Sale someoneElse = harness.sale();

        HttpResponse<byte[]> response = harness.get(receipt.downloadUrl(), "Contentpay-Approval", someoneElse.approvalToken());

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void anApprovalNotSignedByTheIssuerDoesNotOpenTheLink() {
        harness.clock.advance(Duration.ofMinutes(11));
        Sale forged = sale.withApproval(sale.approval(), dev.contentpay.platform.crypto.KeyFiles.generate(harness.authKey.getKeyID()));

        HttpResponse<byte[]> response = harness.get(receipt.downloadUrl(), "Contentpay-Approval", forged.approvalToken());

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void theBuyersApprovalWithoutTheLinksTokenDoesNotDownload() {
        String url = receipt.downloadUrl().replaceFirst("token=.*", "token=guessed");

        HttpResponse<byte[]> response = harness.get(url, "Contentpay-Approval", sale.approvalToken());

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void theBuyersProofDoesNotOutliveTheLink() {
        harness.clock.advance(Duration.ofHours(25));

        HttpResponse<byte[]> response = harness.get(receipt.downloadUrl(), "Contentpay-Approval", sale.approvalToken());

        assertThat(response.statusCode()).isEqualTo(403);
    }
}
