package dev.contentpay.e2e;

import dev.contentpay.app.Deployment;
import dev.contentpay.app.Main;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.crypto.TokenSigner;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.ServiceClient;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.PaymentNotice;
import dev.contentpay.protocol.PaymentNoticeBatch;
import dev.contentpay.protocol.PaymentNoticeBatchResponse;
import dev.contentpay.protocol.PaymentNoticeResponse;
import dev.contentpay.protocol.PurchaseRequest;
import dev.contentpay.protocol.Receipt;
import dev.contentpay.protocol.SelectResponse;
import dev.contentpay.platform.http.OperatorToken;
import dev.contentpay.client.ContentpayClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

import static dev.contentpay.e2e.TestDeployment.assertRefused;
import static dev.contentpay.e2e.TestDeployment.password;
import static dev.contentpay.e2e.TestDeployment.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Settlement against the real issuer, through a proxy that can delay, lose and refuse: notices
 * apply once however often and in whatever order they arrive, a lost acknowledgement is harmless,
 * a refund asked twice refunds once at both ends, an allowance that arrives after the time-out is
 * never settled and is voided, and the day reconciles with no mismatch at the end.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SettlementIssuerEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    @TempDir
    static Path dir;
    static Deployment deployment;
    static IssuerProxy proxy;
    static ContentpayClient terminal;

    @BeforeAll
    static void start() throws Exception {
        var ports = Deployment.Ports.free();
        proxy = new IssuerProxy(URI.create("https://127.0.0.1:" + ports.authMerchant()), Deployment.certificates(dir).context("settlement"));
        deployment = Deployment.start(dir, ports, Clock.systemUTC(), TestDeployment.withTestSettings(dir, Map.of("settlement", TestDeployment.throughPlainProxy(proxy.url(),
                Map.of("auth.timeout", "1s", "notice.poll-interval", "100ms")))));
        terminal = TestDeployment.terminal(deployment);
    }

    @AfterAll
    static void stop() {
        if (deployment != null) deployment.close();
        if (proxy != null) proxy.close();
    }

    @Test
    @Order(1)
    void paymentNoticesDeliveredTwiceAndOutOfOrderAreAppliedOnce() {
        Receipt first = terminal.buy(deployment.shop().url(), "alice", password("alice"), "wallpaper").receipt();
        Receipt second = terminal.buy(deployment.shop().url(), "alice", password("alice"), "ringtone").receipt();
        awaitAuth(first.approvalId(), "CHARGED");
        awaitAuth(second.approvalId(), "CHARGED");
        long chargedBefore = aliceCharged();

        var merchant = merchantClient();
        List<PaymentNotice> notices = List.of(notice(second), notice(first), notice(second), notice(first));
        for (PaymentNotice n : notices) {
            PaymentNoticeResponse answer = merchant.post("/v1/merchant/payment-notices", n, "notice-" + n.allowanceId(), PaymentNoticeResponse.class);
            assertThat(answer.status()).isEqualTo("charged");
        }

        for (Receipt r : List.of(first, second)) {
            assertThat(rows(dir, "auth", "SELECT COUNT(*) FROM use_entry WHERE approval_id = '" + r.approvalId() + "' AND kind = 'CHARGE'"))
                    .containsExactly(List.of("1"));
        }
        assertThat(aliceCharged()).isEqualTo(chargedBefore);
    }

    /**
     * A batch of notices on the dedicated line: one exchange, each notice its own verdict in order
     * (charged, an unknown allowance, a wrong amount), nothing of a refused notice applied, and the
     * same batch again changes nothing. The settlement's own outbox, held back meanwhile, then
     * delivers both of its notices and the second is charged once too.
     */
    @Test
    @Order(0)
    void aBatchOfNoticesGivesEachItsOwnVerdictInOrderAndAppliesEachOnce() {
        proxy.noticesDown = true;
        Receipt first = terminal.buy(deployment.shop().url(), "alice", password("alice"), "wallpaper").receipt();
        Receipt second = terminal.buy(deployment.shop().url(), "alice", password("alice"), "ringtone").receipt();
        PaymentNotice good = notice(first);
        PaymentNotice other = notice(second);
        var wrongAmount = new PaymentNotice(other.allowanceId(), other.settlementId(), Money.of(other.amount().amount() + 1, "JPY"), other.settledAt());
        var unknown = new PaymentNotice("alw_unknown", "stl_unknown", Money.of(100, "JPY"), other.settledAt());
        var batch = new PaymentNoticeBatch(List.of(good, unknown, wrongAmount));
        long chargedBefore = aliceCharged();

        var merchant = merchantClient();
        for (int round = 0; round < 2; round++) {
            var answer = merchant.post("/v1/merchant/payment-notice-batches", batch, "notices-test", PaymentNoticeBatchResponse.class);
            assertThat(answer.results()).containsExactly(
                    PaymentNoticeBatchResponse.Result.charged(good.allowanceId()),
                    PaymentNoticeBatchResponse.Result.refused("alw_unknown", "not_found"),
                    PaymentNoticeBatchResponse.Result.refused(other.allowanceId(), "amount_mismatch"));
        }
        assertThat(rows(dir, "auth", "SELECT status FROM approval WHERE id = '" + first.approvalId() + "'")).containsExactly(List.of("CHARGED"));
        assertThat(rows(dir, "auth", "SELECT status FROM approval WHERE id = '" + second.approvalId() + "'")).containsExactly(List.of("ALLOWED"));
        assertThat(aliceCharged()).isEqualTo(chargedBefore + good.amount().amount());

        proxy.noticesDown = false;
        awaitAuth(second.approvalId(), "CHARGED");
        await(() -> "SENT".equals(outboxStatus("NOTICE", first.settlementId())) && "SENT".equals(outboxStatus("NOTICE", second.settlementId())));
        for (Receipt r : List.of(first, second)) {
            assertThat(rows(dir, "auth", "SELECT COUNT(*) FROM use_entry WHERE approval_id = '" + r.approvalId() + "' AND kind = 'CHARGE'"))
                    .containsExactly(List.of("1"));
        }
        assertThat(aliceCharged()).isEqualTo(chargedBefore + good.amount().amount() + other.amount().amount());
    }

    @Test
    @Order(2)
    void aNoticeWhoseAcknowledgementWasLostIsSentAgainAndAppliedOnce() {
        proxy.lostNoticeAcks.set(1);

        Receipt receipt = terminal.buy(deployment.shop().url(), "alice", password("alice"), "game").receipt();

        awaitAuth(receipt.approvalId(), "CHARGED");
        await(() -> "SENT".equals(outboxStatus("NOTICE", receipt.settlementId())));
        assertThat(rows(dir, "settlement", "SELECT attempts FROM outbox WHERE kind = 'NOTICE' AND settlement_id = '" + receipt.settlementId() + "'"))
                .containsExactly(List.of("2"));
        assertThat(rows(dir, "auth", "SELECT COUNT(*) FROM use_entry WHERE approval_id = '" + receipt.approvalId() + "' AND kind = 'CHARGE'"))
                .containsExactly(List.of("1"));
    }

    @Test
    @Order(3)
    void aDayWithANoticeTheIssuerHasNotReceivedDoesNotReconcileUntilItArrives() {
        proxy.noticesDown = true;
        Receipt receipt = terminal.buy(deployment.shop().url(), "alice", password("alice"), "ebook").receipt();
        LocalDate day = receipt.settledAt().atZone(ZoneOffset.UTC).toLocalDate();

        Run failing = cli("reconcile", "--date", day.toString());
        assertThat(failing.exit()).as(failing.out()).isEqualTo(1);
        assertThat(failing.out()).contains("missing_at_issuer", receipt.settlementId());

        proxy.noticesDown = false;
        awaitAuth(receipt.approvalId(), "CHARGED");
        await(() -> "SENT".equals(outboxStatus("NOTICE", receipt.settlementId())));
        Run clean = cli("reconcile", "--date", day.toString());
        assertThat(clean.exit()).as(clean.out()).isZero();
    }

    @Test
    @Order(4)
    void aRefundRequestedTwiceRefundsOnceAtBothEnds() throws Exception {
        Receipt receipt = terminal.buy(deployment.shop().url(), "alice", password("alice"), "ebook").receipt();
        awaitAuth(receipt.approvalId(), "CHARGED");
        long chargedBefore = aliceCharged();

        String once = refund(receipt.settlementId(), "refund-once");
        String twice = refund(receipt.settlementId(), "refund-twice");
        Run thrice = cli("refund", receipt.settlementId(), "--reason", "asked again from the command line");

        assertThat(twice).isEqualTo(once);
        assertThat(thrice.exit()).as(thrice.out()).isZero();
        assertThat(thrice.out()).contains("Refunded 800 JPY", once);
        awaitAuth(receipt.approvalId(), "REFUNDED");
        await(() -> "SENT".equals(rows(dir, "settlement", "SELECT status FROM outbox WHERE kind = 'REFUND'").get(0).get(0)));
        assertThat(rows(dir, "auth", "SELECT COUNT(*) FROM use_entry WHERE approval_id = '" + receipt.approvalId() + "' AND kind = 'REFUND'"))
                .containsExactly(List.of("1"));
        assertThat(rows(dir, "settlement", "SELECT COUNT(*) FROM refund WHERE settlement_id = '" + receipt.settlementId() + "'"))
                .containsExactly(List.of("1"));
        assertThat(aliceCharged()).isEqualTo(chargedBefore - 800);
        assertThat(terminal.history("alice", password("alice")).entries())
                .anySatisfy(e -> {
                    assertThat(e.approvalId()).isEqualTo(receipt.approvalId());
                    assertThat(e.status()).isEqualTo("refunded");
                });
    }

    @Test
    @Order(5)
    void anAllowanceThatArrivesAfterTheTimeOutIsNeverSettledAndTheIssuerVoidsIt() {
        SelectResponse selection = terminal.select(deployment.shop().url(), "wallpaper");
        var approval = terminal.approve("alice", password("alice"), selection);
        var settlement = new ServiceClient(selection.purchase().settleAt(), Duration.ofSeconds(10), ErrorCode.SETTLEMENT_UNAVAILABLE, null,
                Clock.systemUTC());
        var request = new PurchaseRequest(approval.approval(), selection.sealed());
        proxy.judgeDelay = Duration.ofMillis(2_500);
        try {
            assertRefused(() -> settlement.post("/v1/purchases", request, "late-allowance", Receipt.class), ErrorCode.AUTH_UNAVAILABLE);
        } finally {
            proxy.judgeDelay = null;
        }
        TestDeployment.sleep(2_000); // The late allowance has come back by now, too late.

        assertRefused(() -> settlement.post("/v1/purchases", request, "late-allowance", Receipt.class), ErrorCode.AUTH_UNAVAILABLE);

        assertThat(rows(dir, "settlement", "SELECT COUNT(*) FROM settlement WHERE approval_id = '" + approval.approvalId() + "'"))
                .containsExactly(List.of("0"));
        awaitAuth(approval.approvalId(), "VOIDED");
        await(() -> "voided".equals(rows(dir, "settlement", "SELECT result FROM outbox WHERE kind = 'VOID' AND subject = '"
                + approval.approvalId() + "'").get(0).get(0)));
        assertThat(rows(dir, "auth", "SELECT COUNT(*) FROM use_entry WHERE approval_id = '" + approval.approvalId() + "' AND kind = 'CHARGE'"))
                .containsExactly(List.of("0"));
    }

    @Test
    @Order(6)
    void afterAllOfItEveryDayReconcilesWithNoMismatchAndTheLedgerBalances() {
        await(() -> rows(dir, "settlement", "SELECT COUNT(*) FROM outbox WHERE status <> 'SENT'").equals(List.of(List.of("0"))));

        for (LocalDate day : days()) {
            Run run = cli("reconcile", "--date", day.toString());
            assertThat(run.exit()).as(run.out()).isZero();
            assertThat(run.out()).contains("No mismatches.");
        }
        Run ledger = cli("ledger");
        assertThat(ledger.exit()).as(ledger.out()).isZero();
        assertThat(ledger.out()).contains("Balanced.");
        Run dead = cli("dead-letters", "list");
        assertThat(dead.exit()).as(dead.out()).isZero();
        assertThat(dead.out()).contains("No dead letters.");
    }

    record Run(int exit, String out) {
    }

    /** Runs an operator command against this deployment's settlement server, in this JVM. */
    static Run cli(String... args) {
        var all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--settlement", deployment.settlement().url().toString(),
                "--token-file", dir.resolve("keys/settlement-admin.token").toString()));
        var out = new StringWriter();
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        return new Run(cli.execute(all.toArray(String[]::new)), out.toString());
    }

    private static String refund(String settlementId, String key) throws Exception {
        var request = HttpRequest.newBuilder(deployment.settlement().url().resolve("/v1/admin/refunds"))
                .header("Authorization", "Bearer " + OperatorToken.read(dir.resolve("keys/settlement-admin.token")))
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"settlementId\": \"" + settlementId + "\", \"reason\": \"the buyer asked\"}")).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return dev.contentpay.platform.http.Json.MAPPER.readTree(response.body()).get("refundId").asText();
    }

    /** Every UTC day on which this test settled or refunded something. */
    private static TreeSet<LocalDate> days() {
        var days = new TreeSet<LocalDate>();
        for (String sql : List.of("SELECT settled_at FROM settlement", "SELECT refunded_at FROM refund")) {
            rows(dir, "settlement", sql).forEach(r -> days.add(Instant.ofEpochMilli(Long.parseLong(r.get(0))).atZone(ZoneOffset.UTC).toLocalDate()));
        }
        return days;
    }

    private static ServiceClient merchantClient() {
        var key = KeyFiles.loadOrCreate(dir.resolve("keys/settlement.jwk"), Deployment.MERCHANT_ID + "-settlement-1");
        return new ServiceClient(deployment.auth().merchantUrl(), Duration.ofSeconds(5), ErrorCode.AUTH_UNAVAILABLE,
                new ServiceClient.Identity(Deployment.MERCHANT_ID, new TokenSigner(key), Deployment.ISSUER_ID), Clock.systemUTC(),
                Deployment.certificates(dir).context("settlement"));
    }

    private static PaymentNotice notice(Receipt r) {
        var row = rows(dir, "settlement", "SELECT allowance_id, amount, currency, settled_at FROM settlement WHERE id = '" + r.settlementId() + "'").get(0);
        return new PaymentNotice(row.get(0), r.settlementId(), Money.of(Long.parseLong(row.get(1)), row.get(2)),
                Instant.ofEpochMilli(Long.parseLong(row.get(3))));
    }

    private static long aliceCharged() {
        return Long.parseLong(rows(dir, "auth", "SELECT COALESCE(SUM(charged), 0) FROM budget WHERE subscriber_id = 'alice'").get(0).get(0));
    }

    private static String outboxStatus(String kind, String settlementId) {
        var found = rows(dir, "settlement", "SELECT status FROM outbox WHERE kind = '" + kind + "' AND settlement_id = '" + settlementId + "'");
        return found.isEmpty() ? null : found.get(0).get(0);
    }

    private static void awaitAuth(String approvalId, String status) {
        await(() -> status.equals(rows(dir, "auth", "SELECT status FROM approval WHERE id = '" + approvalId + "'").get(0).get(0)));
    }

    private static void await(Supplier<Boolean> condition) {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!condition.get()) {
            if (Instant.now().isAfter(deadline)) throw new AssertionError("condition not met within " + PATIENCE);
            TestDeployment.sleep(50);
        }
    }
}
