package dev.contentpay.e2e;

import dev.contentpay.platform.time.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import dev.contentpay.client.ContentpayClient;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.http.OperatorToken;
import dev.contentpay.protocol.Receipt;
import dev.contentpay.settlement.operator.OperatorClient;
import dev.contentpay.settlement.reconcile.ReconciliationReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static dev.contentpay.e2e.TestDeployment.assertRefused;
import static dev.contentpay.e2e.TestDeployment.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Partial refunds over the real servers: a points subscriber buys the game, the merchant's operator
 * refunds part of it and then the rest from the command line, and a third refund is refused. Each
 * refund is applied once at both ends, shows on the subscriber's statement and in the merchant's
 * ledger, reconciles by its refund id, and takes back its share of the points the purchase earned;
 * the content is delivered until nothing of the price is left.
 */
class PartialRefundsEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    @TempDir
    static Path dir;
    static IssuerTestbed issuer;

    @BeforeAll
    static void start() {
        issuer = IssuerTestbed.start(dir, new MutableClock(), Map.of("points.earn-percent", "20"), "prf");
    }

    @AfterAll
    static void stop() {
        if (issuer != null) issuer.close();
    }

    @Test
    void twoPartialRefundsSummingToThePriceAreAppliedOnceAtBothEndsAndAThirdIsRefused() throws Exception {
        String buyer = issuer.register("points", 1_000, null);
        ContentpayClient terminal = issuer.terminal();
        Receipt receipt = terminal.buy(issuer.deployment().shop().url(), buyer, IssuerTestbed.password(buyer), "game").receipt();
        await(() -> "CHARGED".equals(approvalStatus(receipt)));
        // 1,000 points, 500 spent on the game, 100 earned by it.
        assertThat(remaining(buyer)).isEqualTo(600);

        Cli.Run part = refund(receipt, "--amount", "300", "--reason", "one level was broken");
        byte[] stillDelivered = terminal.download(receipt);
        Cli.Run rest = refund(receipt, "--amount", "200");
        Cli.Run beyond = refund(receipt, "--amount", "100", "--json");

        assertThat(part.exit()).as(part.all()).isZero();
        assertThat(part.out()).contains("Refunded 300 JPY", "300 JPY refunded", "200 JPY remains");
        assertThat(rest.exit()).as(rest.all()).isZero();
        assertThat(rest.out()).contains("Refunded 200 JPY", "500 JPY refunded", "0 JPY remains");
        assertThat(beyond.exit()).as(beyond.all()).isEqualTo(1);
        assertThat(Json.MAPPER.readTree(beyond.out()).get("code").asText()).isEqualTo("refund_exceeds_remaining");
        assertThat(stillDelivered).as("a purchase refunded in part is still delivered").isNotEmpty();
        assertRefused(() -> terminal.download(receipt), ErrorCode.DOWNLOAD_FORBIDDEN);

        List<String> refundIds = rows(dir, "settlement", "SELECT id FROM refund WHERE settlement_id = '" + receipt.settlementId()
                + "' ORDER BY refunded_total").stream().map(r -> r.get(0)).toList();
        assertThat(refundIds).hasSize(2);
        await(() -> rows(dir, "settlement", "SELECT COUNT(*) FROM outbox WHERE kind = 'REFUND' AND status = 'SENT' AND settlement_id = '"
                + receipt.settlementId() + "'").equals(List.of(List.of("2"))));

        // The issuer: each refund once, by its id; the charge refunded in full; the points in proportion.
        assertThat(approvalStatus(receipt)).isEqualTo("REFUNDED");
        assertThat(rows(dir, "auth", "SELECT refund_id, amount FROM use_entry WHERE approval_id = '" + receipt.approvalId()
                + "' AND kind = 'REFUND' ORDER BY amount DESC"))
                .containsExactly(List.of(refundIds.get(0), "300"), List.of(refundIds.get(1), "200"));
        assertThat(rows(dir, "auth", "SELECT refund_id, amount FROM use_entry WHERE approval_id = '" + receipt.approvalId()
                + "' AND kind = 'POINTS_REVOKED' ORDER BY amount DESC"))
                .containsExactly(List.of(refundIds.get(0), "60"), List.of(refundIds.get(1), "40"));
        assertThat(remaining(buyer)).as("every point spent came back, every point earned went").isEqualTo(1_000);

        // The subscriber's statement.
        JsonNode statement = subscriberStatement(buyer);
        assertThat(statement.get("lines").findValuesAsText("kind"))
                .containsExactly("charge", "points_earned", "refund", "points_revoked", "refund", "points_revoked");
        assertThat(statement.get("refunded").get("amount").asLong()).isEqualTo(500);
        assertThat(statement.get("net").get("amount").asLong()).isZero();

        // The merchant's ledger, page and reconciliation.
        var operator = new OperatorClient(issuer.deployment().settlement().url(), OperatorToken.read(dir.resolve("keys/settlement-admin.token")));
        assertThat(rows(dir, "settlement", "SELECT COUNT(*), SUM(e.amount) FROM ledger_entry e JOIN ledger_journal j ON j.id = e.journal_id "
                + "WHERE j.kind = 'REFUND' AND j.settlement_id = '" + receipt.settlementId() + "' AND e.account = 'refunds'"))
                .containsExactly(List.of("2", "500"));
        assertThat(operator.ledger().balanced()).isTrue();
        assertThat(operatorPage()).contains(refundIds.get(0), refundIds.get(1), "in full");
        LocalDate day = receipt.settledAt().atZone(ZoneOffset.UTC).toLocalDate();
        ReconciliationReport report = operator.reconcile(day);
        assertThat(report.mismatches()).isEmpty();
        assertThat(report.clean()).isTrue();
        assertThat(report.settlement().refunds()).isEqualTo(report.issuer().refunds()).isGreaterThanOrEqualTo(2);
        assertThat(report.settlement().refunded()).isEqualTo(report.issuer().refunded());
    }

    private static Cli.Run refund(Receipt receipt, String... options) {
        var args = new java.util.ArrayList<>(List.of("refund", receipt.settlementId()));
        args.addAll(List.of(options));
        args.addAll(List.of("--settlement", issuer.deployment().settlement().url().toString(),
                "--token-file", dir.resolve("keys/settlement-admin.token").toString()));
        return Cli.run("", args.toArray(String[]::new));
    }

    private static String approvalStatus(Receipt receipt) {
        return rows(dir, "auth", "SELECT status FROM approval WHERE id = '" + receipt.approvalId() + "'").get(0).get(0);
    }

    private static long remaining(String subscriber) {
        return issuer.remaining(subscriber);
    }

    private static JsonNode subscriberStatement(String subscriber) throws Exception {
        return issuer.statement(subscriber);
    }

    private static String operatorPage() throws Exception {
        return issuer.settlementOperatorPage(dir);
    }

    private static void await(Supplier<Boolean> condition) {
        IssuerTestbed.await(PATIENCE, condition);
    }
}
