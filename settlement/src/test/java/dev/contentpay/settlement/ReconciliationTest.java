package dev.contentpay.settlement;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.DailyTotals;
import dev.contentpay.protocol.Receipt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The day's comparison with the issuer lists every difference, and none when both sides agree. */
class ReconciliationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    Harness harness;
    LocalDate today = LocalDate.now(ZoneOffset.UTC);

    @BeforeEach
    void start() {
        harness = Harness.start(dir);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void aDayWhoseChargesAndRefundsTheIssuerAcknowledgedIsClean() throws Exception {
        harness.settle(harness.sale());
        Receipt refunded = harness.settle(harness.sale());
        String refundId = (String) harness.refund(refunded.settlementId(), "rec-1").get("refundId");
        Harness.await(PATIENCE, () -> harness.server.pendingNotices() == 0 && harness.auth.timesRefunded(refundId) == 1);
        Harness.await(PATIENCE, () -> harness.count("SELECT COUNT(*) FROM outbox WHERE status = 'SENT' AND kind = 'REFUND'") == 1);

        JsonNode report = reconcile(today);

        assertThat(report.get("clean").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.get("mismatches")).isEmpty();
        assertThat(report.get("settlement").get("charged").get("amount").asLong()).isEqualTo(200);
        assertThat(report.get("settlement").get("refunded").get("amount").asLong()).isEqualTo(100);
        assertThat(report.get("issuer").get("charged").get("amount").asLong()).isEqualTo(200);
        assertThat(report.get("issuer").get("refunds").asInt()).isEqualTo(1);
        assertThat(report.get("ledger").get("balanced").asBoolean()).isTrue();
    }

    @Test
    void aSettlementWhoseNoticeHasNotReachedTheIssuerIsMissingThere() throws Exception {
        harness.auth.noticesDown = true;
        Receipt receipt = harness.settle(harness.sale());

        JsonNode mismatch = single(reconcile(today));

        assertThat(mismatch.get("kind").asText()).isEqualTo("charge");
        assertThat(mismatch.get("type").asText()).isEqualTo("missing_at_issuer");
        assertThat(mismatch.get("settlementId").asText()).isEqualTo(receipt.settlementId());
        assertThat(mismatch.get("detail").asText()).contains("has not reached the issuer");
    }

    @Test
    void aChargeTheIssuerAcknowledgedButDoesNotListIsAStatusDifference() throws Exception {
        Receipt receipt = harness.settle(harness.sale());
        Harness.await(PATIENCE, () -> harness.server.pendingNotices() == 0);
        harness.auth.hiddenAllowances.add(harness.text("SELECT allowance_id FROM settlement WHERE id = ?", receipt.settlementId()));

        JsonNode mismatch = single(reconcile(today));

        assertThat(mismatch.get("type").asText()).isEqualTo("status_differs");
        assertThat(mismatch.get("detail").asText()).contains("acknowledged");
    }

    @Test
    void aChargeOnlyTheIssuerHoldsIsMissingAtSettlement() throws Exception {
        harness.auth.extraEntries.add(new DailyTotals.Entry("charge", "alw_stranger", "stl_stranger", null, Money.of(500, "JPY"), Instant.now()));

        JsonNode mismatch = single(reconcile(today));

        assertThat(mismatch.get("type").asText()).isEqualTo("missing_at_settlement");
        assertThat(mismatch.get("allowanceId").asText()).isEqualTo("alw_stranger");
        assertThat(mismatch.get("issuers").get("amount").asLong()).isEqualTo(500);
    }

    @Test
    void aDoubledChargeAtTheIssuerIsReported() throws Exception {
        Receipt receipt = harness.settle(harness.sale());
        Harness.await(PATIENCE, () -> harness.server.pendingNotices() == 0);
        String allowance = harness.text("SELECT allowance_id FROM settlement WHERE id = ?", receipt.settlementId());
        harness.auth.extraEntries.add(new DailyTotals.Entry("charge", allowance, receipt.settlementId(), null, receipt.amount(), receipt.settledAt()));

        JsonNode mismatch = single(reconcile(today));

        assertThat(mismatch.get("type").asText()).isEqualTo("amount_differs");
        assertThat(mismatch.get("issuers").get("amount").asLong()).isEqualTo(200);
        assertThat(mismatch.get("detail").asText()).contains("2 times");
    }

    @Test
    void aDifferentAmountAtTheIssuerIsReported() throws Exception {
        Receipt receipt = harness.settle(harness.sale());
        Harness.await(PATIENCE, () -> harness.server.pendingNotices() == 0);
        String allowance = harness.text("SELECT allowance_id FROM settlement WHERE id = ?", receipt.settlementId());
        harness.auth.hiddenAllowances.add(allowance);
        harness.auth.extraEntries.add(new DailyTotals.Entry("charge", allowance, receipt.settlementId(), null, Money.of(90, "JPY"), receipt.settledAt()));

        JsonNode mismatch = single(reconcile(today));

        assertThat(mismatch.get("type").asText()).isEqualTo("amount_differs");
        assertThat(mismatch.get("ours").get("amount").asLong()).isEqualTo(100);
        assertThat(mismatch.get("issuers").get("amount").asLong()).isEqualTo(90);
    }

    @Test
    void anotherDayHoldsNothingOfToday() throws Exception {
        harness.settle(harness.sale());
        Harness.await(PATIENCE, () -> harness.server.pendingNotices() == 0);

        JsonNode report = reconcile(today.minusDays(1));

        assertThat(report.get("clean").asBoolean()).isTrue();
        assertThat(report.get("settlement").get("charges").asInt()).isZero();
    }

    @Test
    void aMalformedDateIsRefused() {
        HttpResponse<String> response = harness.adminGet("/v1/admin/reconciliation?date=24.11.2026");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Harness.code(response)).isEqualTo("validation_failed");
    }

    @Test
    void anIssuerThatCutsItsDaysInAnotherZoneIsAZoneDifference() throws Exception {
        harness.close();
        // The fake issuer cuts its days in UTC; this settlement server is told to cut them in Tokyo.
        harness = Harness.start(dir.resolve("tokyo"), java.util.Map.of("billing.zone", "Asia/Tokyo"));

        JsonNode mismatch = single(reconcile(today));

        assertThat(mismatch.get("kind").asText()).isEqualTo("day");
        assertThat(mismatch.get("type").asText()).isEqualTo("zone_differs");
        assertThat(mismatch.get("detail").asText()).contains("UTC", "Asia/Tokyo", "billing.zone");
    }

    private JsonNode reconcile(LocalDate date) throws Exception {
        HttpResponse<String> response = harness.adminGet("/v1/admin/reconciliation?date=" + date);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }

    private static JsonNode single(JsonNode report) {
        assertThat(report.get("clean").asBoolean()).isFalse();
        assertThat(report.get("mismatches")).as(report.toString()).hasSize(1);
        return report.get("mismatches").get(0);
    }
}
