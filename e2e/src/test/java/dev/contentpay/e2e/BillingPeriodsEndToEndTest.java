package dev.contentpay.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.contentpay.app.Deployment;
import dev.contentpay.client.ContentpayClient;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.http.OperatorToken;
import dev.contentpay.platform.money.Money;
import dev.contentpay.platform.time.MutableClock;
import dev.contentpay.protocol.Receipt;
import dev.contentpay.protocol.Statement;
import dev.contentpay.settlement.operator.OperatorClient;
import dev.contentpay.settlement.reconcile.ReconciliationReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static dev.contentpay.e2e.TestDeployment.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An issuer and a merchant billing in Tokyo, over the real servers with an injected clock: alice buys
 * an 8 % item and a 10 % item at 23:59 local time on 31 December and a 10 % item at 00:01 on
 * 1 January (both on 31 December in UTC). The two purchases fall in two months at the issuer (two
 * monthly budgets, two statements) and on two days at the merchant (reconciled clean each day); the
 * receipts and the December statement state the consumption tax per rate as a qualified invoice,
 * and refunding the 8 % item in January reduces January's 8 % total.
 */
class BillingPeriodsEndToEndTest {

    /** 23:59 on 31 December 2026 in Tokyo. */
    private static final Instant LAST_MINUTE = Instant.parse("2026-12-31T14:59:00Z");
    private static final String ALICE = "alice";
    private static final char[] PASSWORD = "alice-demo-pass".toCharArray();

    @TempDir
    static Path dir;
    static Deployment deployment;
    static final MutableClock clock = new MutableClock();

    @BeforeAll
    static void start() throws IOException {
        Path catalog = reducedRateCatalog(dir.resolve("catalog"));
        set(LAST_MINUTE.minus(Duration.ofMinutes(10)));
        clock.restart();
        deployment = TestDeployment.start(dir, Map.of(
                "auth", Map.of("billing.zone", "Asia/Tokyo", "password.memory-kib", "256", "password.iterations", "1"),
                "settlement", Map.of("billing.zone", "Asia/Tokyo"),
                "shop", Map.of("catalog.dir", catalog.toString())), clock);
    }

    @AfterAll
    static void stop() {
        if (deployment != null) deployment.close();
    }

    @Test
    void purchasesAMinuteEitherSideOfTokyoMidnightAreBilledInTwoMonthsWithTheTaxPerRate() throws IOException {
        ContentpayClient terminal = TestDeployment.terminal(deployment);
        set(LAST_MINUTE);
        Receipt ringtone = terminal.buy(deployment.shop().url(), ALICE, PASSWORD, "ringtone").receipt();
        Receipt wallpaper = terminal.buy(deployment.shop().url(), ALICE, PASSWORD, "wallpaper").receipt();
        // Charged before the clock moves on: a payment notice applied after midnight is charged in January.
        for (Receipt r : List.of(ringtone, wallpaper)) awaitStatus(r, "CHARGED");
        set(LAST_MINUTE.plus(Duration.ofMinutes(2)));
        Receipt game = terminal.buy(deployment.shop().url(), ALICE, PASSWORD, "game").receipt();
        clock.restart();
        for (Receipt r : List.of(ringtone, wallpaper, game)) awaitStatus(r, "CHARGED");

        // The receipts: qualified invoices of the seller, each with its rate and the tax in it.
        assertThat(ringtone.taxRate()).isEqualTo(8);
        assertThat(ringtone.taxes()).containsExactly(new Receipt.Tax(8, yen(150), yen(11)));
        assertThat(ringtone.registrationNumber()).isEqualTo("T2010001000008");
        assertThat(ringtone.issuedOn()).isEqualTo(LocalDate.of(2026, 12, 31));
        assertThat(wallpaper.taxes()).containsExactly(new Receipt.Tax(10, yen(100), yen(9)));
        assertThat(game.taxes()).containsExactly(new Receipt.Tax(10, yen(500), yen(45)));
        assertThat(game.issuedOn()).as("00:01 in Tokyo is New Year's Day").isEqualTo(LocalDate.of(2027, 1, 1));

        // The issuer: two monthly budgets and two statements.
        assertThat(rows(dir, "auth", "SELECT period, charged FROM budget WHERE subscriber_id = 'alice' ORDER BY period"))
                .containsExactly(List.of("2026-12", "250"), List.of("2027-01", "500"));
        var history = terminal.history(ALICE, PASSWORD);
        assertThat(history.period()).as("the month alice buys in now is Tokyo's").isEqualTo("2027-01");
        assertThat(history.zone()).isEqualTo("Asia/Tokyo");
        assertThat(history.charged()).isEqualTo(yen(500));
        Statement december = terminal.statement(ALICE, PASSWORD, LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 31));
        Statement january = terminal.statement(ALICE, PASSWORD, LocalDate.of(2027, 1, 1), LocalDate.of(2027, 1, 31));
        assertThat(december.lines()).extracting(Statement.Line::approvalId).containsExactly(ringtone.approvalId(), wallpaper.approvalId());
        assertThat(january.lines()).extracting(Statement.Line::approvalId).containsExactly(game.approvalId());
        assertThat(december.zone()).isEqualTo("Asia/Tokyo");
        assertThat(december.issuerRegistrationNumber()).isEqualTo(Deployment.ISSUER_REGISTRATION_NUMBER);
        assertThat(december.taxes()).containsExactly(new Statement.Tax(10, yen(100), yen(9)), new Statement.Tax(8, yen(150), yen(11)));
        assertThat(december.lines()).extracting(Statement.Line::taxRate).containsExactly(8, 10);
        assertThat(december.lines()).extracting(Statement.Line::merchantRegistrationNumber).containsOnly("T2010001000008");
        assertThat(january.taxes()).containsExactly(new Statement.Tax(10, yen(500), yen(45)));

        // December's ringtone refunded in January reduces January's 8 % total, by the tax its purchase stated.
        Cli.Run refund = Cli.run("", "refund", ringtone.settlementId(), "--amount", "150", "--settlement", deployment.settlement().url().toString(),
                "--token-file", dir.resolve("keys/settlement-admin.token").toString());
        assertThat(refund.exit()).as(refund.all()).isZero();
        awaitStatus(ringtone, "REFUNDED");
        Statement refunded = terminal.statement(ALICE, PASSWORD, LocalDate.of(2027, 1, 1), LocalDate.of(2027, 1, 31));
        assertThat(refunded.taxes()).containsExactly(new Statement.Tax(10, yen(500), yen(45)), new Statement.Tax(8, yen(-150), yen(-11)));

        // The merchant: each Tokyo day reconciles clean with the issuer's day.
        var operator = new OperatorClient(deployment.settlement().url(), OperatorToken.read(dir.resolve("keys/settlement-admin.token")));
        ReconciliationReport newYearsEve = operator.reconcile(LocalDate.of(2026, 12, 31));
        ReconciliationReport newYearsDay = operator.reconcile(LocalDate.of(2027, 1, 1));
        assertThat(newYearsEve.mismatches()).isEmpty();
        assertThat(newYearsEve.settlement().charges()).isEqualTo(newYearsEve.issuer().charges()).isEqualTo(2);
        assertThat(newYearsDay.mismatches()).isEmpty();
        assertThat(newYearsDay.settlement().charges()).isEqualTo(newYearsDay.issuer().charges()).isEqualTo(1);
        assertThat(newYearsDay.settlement().refunds()).isEqualTo(newYearsDay.issuer().refunds()).isEqualTo(1);
    }

    @Test
    void theShopShowsPricesTaxInclusiveWithTheirRate() throws Exception {
        assertThat(get("/")).contains("¥150 (incl. 8% tax)", "¥100 (incl. 10% tax)");
        JsonNode catalog = Json.MAPPER.readTree(get("/v1/catalog"));
        assertThat(catalog.findValues("taxRate").stream().map(JsonNode::asInt).toList()).contains(8, 10);
    }

    private static String get(String path) throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(deployment.shop().url().resolve(path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static void awaitStatus(Receipt receipt, String status) {
        Instant deadline = Instant.now().plusSeconds(15);
        while (!List.of(List.of(status)).equals(rows(dir, "auth", "SELECT status FROM approval WHERE id = '" + receipt.approvalId() + "'"))) {
            if (Instant.now().isAfter(deadline)) throw new AssertionError("the purchase is not " + status + ": " + receipt.approvalId());
            TestDeployment.sleep(50);
        }
    }

    /** Stops the clock on {@code at}: everything done meanwhile happens in that one millisecond. */
    private static void set(Instant at) {
        clock.restart();
        clock.advance(Duration.between(clock.instant(), at));
        clock.stop();
    }

    private static Money yen(long amount) {
        return Money.of(amount, "JPY");
    }

    /**
     * The demo catalog with the ringtone at the reduced rate (8 %): a test's catalog, for a rate the
     * demo's digital goods do not have.
     */
    private static Path reducedRateCatalog(Path folder) throws IOException {
        Files.createDirectories(folder);
        JsonNode items;
        try (InputStream in = resource("catalog.json")) {
            items = Json.MAPPER.readTree(in);
        }
        for (JsonNode item : items) {
            if (item.get("id").asText().equals("ringtone")) ((ObjectNode) item).put("taxRate", 8);
            for (String file : List.of(item.get("contentFile").asText(), item.get("picture").asText())) {
                try (InputStream in = resource(file)) {
                    Files.write(folder.resolve(file), in.readAllBytes());
                }
            }
        }
        Files.write(folder.resolve("catalog.json"), Json.MAPPER.writeValueAsBytes(items));
        return folder;
    }

    private static InputStream resource(String name) {
        return BillingPeriodsEndToEndTest.class.getClassLoader().getResourceAsStream("demo/" + name);
    }
}
