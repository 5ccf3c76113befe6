package dev.contentpay.e2e;

import dev.contentpay.app.Deployment;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.client.ContentpayClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static dev.contentpay.e2e.FaultyLine.Fault;
import static dev.contentpay.e2e.TestDeployment.assertRefused;
import static dev.contentpay.e2e.TestDeployment.password;
import static dev.contentpay.e2e.TestDeployment.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Network faults on both dedicated lines, injected by {@link FaultyLine} (mutual TLS on both of
 * its sides) after the far end has answered: a delay past the caller's time-out, a connection
 * reset, a close without a byte, a body that stops half way, and a request sent twice with both
 * answers returned. A judgement lost so is refused with {@code auth_unavailable} and its
 * allowance voided; a payment notice lost so is sent again and charged once; a credit report lost
 * so refuses the approval with {@code bureau_unavailable}; a duplicate changes nothing. After every
 * fault nothing is double-settled or double-charged and the two ledgers agree.
 *
 * <p>Each fault is injected once per round; {@code -Dcontentpay.faults.rounds=N} runs N rounds
 * (docs/RELIABILITY.md has the figures of such a run), and the totals are printed at the end.
 */
class NetworkFaultsEndToEndTest {

    private static final Duration PAST_TIME_OUT = Duration.ofMillis(3_000);
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    static Deployment deployment;
    static FaultyLine authLine;
    static FaultyLine bureauLine;
    static ContentpayClient terminal;

    @BeforeAll
    static void start() throws Exception {
        var ports = Deployment.Ports.free();
        var tls = Deployment.certificates(dir);
        authLine = new FaultyLine(URI.create("https://127.0.0.1:" + ports.authMerchant()), tls.context("auth"), tls.context("settlement"));
        bureauLine = new FaultyLine(URI.create("https://127.0.0.1:" + ports.bureau()), tls.context("bureau"), tls.context("auth"));
        deployment = Deployment.start(dir, ports, Clock.systemUTC(), TestDeployment.withTestSettings(dir, Map.of(
                "settlement", Map.of("auth.merchant-url", authLine.url().toString(), "auth.timeout", "1s", "notice.poll-interval", "100ms"),
                "auth", Map.of("bureau.url", bureauLine.url().toString(), "bureau.timeout", "2s", "bureau.cache-ttl", "1ms",
                        "rate-limit.per-minute", "1000000"))));
        terminal = TestDeployment.terminal(deployment);
        // Room for every round's purchases within alice's monthly limit.
        new dev.contentpay.app.operator.OperatorClient(deployment.auth().adminUrl(), dir.resolve("keys/auth-admin.token"))
                .send("PUT", "/v1/admin/subscribers/alice/limit", new dev.contentpay.protocol.admin.AmountRequest(
                        dev.contentpay.platform.money.Money.of(Math.max(10_000, ROUNDS * 1_000L), "JPY")));
        // One purchase through both lines first: a cold JVM's first handshakes can outlast the short time-outs.
        terminal.buy(deployment.shop().url(), "alice", password("alice"), "wallpaper");
    }

    private static final int ROUNDS = Integer.getInteger("contentpay.faults.rounds", 1);
    private static final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
    private static final java.util.concurrent.atomic.AtomicInteger completed = new java.util.concurrent.atomic.AtomicInteger();

    static java.util.stream.Stream<Fault> lost() {
        return rounds(Fault.DELAY, Fault.RESET, Fault.EMPTY, Fault.HALF_BODY);
    }

    static java.util.stream.Stream<Fault> every() {
        return rounds(Fault.values());
    }

    static java.util.stream.Stream<Fault> lateOrCutOff() {
        return rounds(Fault.DELAY, Fault.HALF_BODY);
    }

    static java.util.stream.Stream<Fault> dropped() {
        return rounds(Fault.RESET, Fault.EMPTY);
    }

    static java.util.stream.Stream<Fault> duplicated() {
        return rounds(Fault.DUPLICATE);
    }

    private static java.util.stream.Stream<Fault> rounds(Fault... faults) {
        return java.util.stream.IntStream.range(0, ROUNDS).boxed().flatMap(i -> java.util.Arrays.stream(faults));
    }

    @AfterAll
    static void stop() throws Exception {
        System.out.printf("network faults: %d injected on the merchant line, %d on the bureau line; %d purchases or approvals refused, "
                        + "%d completed; every time: no double settlement or charge, charges equal settlements, nothing left reserved%n",
                authLine == null ? 0 : authLine.injected.get(), bureauLine == null ? 0 : bureauLine.injected.get(), refused.get(), completed.get());
        if (deployment != null) deployment.close();
        if (authLine != null) authLine.close();
        if (bureauLine != null) bureauLine.close();
    }

    @AfterEach
    void theLedgersAgreeAndNothingIsLeftReserved() {
        // Every message settlement owes auth delivered first, so that no retry of this case meets the next case's fault.
        await("settlement's outbox is delivered", () -> number(rows(dir, "settlement", "SELECT COUNT(*) FROM outbox WHERE status = 'PENDING'")) == 0);
        assertThat(rows(dir, "settlement", "SELECT COUNT(*) FROM outbox WHERE status = 'DEAD'")).containsExactly(List.of("0"));
        await("auth's charges for alice equal settlement's settlements, with nothing left reserved", () -> {
            long settled = number(rows(dir, "settlement", "SELECT COALESCE(SUM(amount), 0) FROM settlement"));
            long charged = number(rows(dir, "auth", "SELECT COALESCE(SUM(charged), 0) FROM budget WHERE subscriber_id = 'alice'"));
            long reserved = number(rows(dir, "auth", "SELECT COALESCE(SUM(reserved), 0) FROM budget WHERE subscriber_id = 'alice'"));
            return settled == charged && reserved == 0;
        });
        assertThat(rows(dir, "auth", "SELECT approval_id FROM use_entry WHERE kind = 'CHARGE' GROUP BY approval_id HAVING COUNT(*) > 1")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("lost")
    void aJudgementLostOnTheLineRefusesThePurchaseAndItsAllowanceIsVoided(Fault fault) {
        var selection = terminal.select(deployment.shop().url(), "wallpaper");
        var approval = terminal.approve("alice", password("alice"), selection);
        authLine.arm(fault, "/v1/merchant/judgement", PAST_TIME_OUT);

        long started = System.nanoTime();
        assertRefused(() -> terminal.present(selection, approval), ErrorCode.AUTH_UNAVAILABLE);
        refused.incrementAndGet();

        assertThat(authLine.isArmed()).as("the fault was injected").isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("refused before the held answer arrives").isLessThan(PAST_TIME_OUT);
        assertThat(rows(dir, "settlement", "SELECT COUNT(*) FROM settlement WHERE approval_id = '" + approval.approvalId() + "'"))
                .containsExactly(List.of("0"));
        // Auth did judge it (the fault came after its answer), so the void settlement sends releases the reservation.
        await("approval " + approval.approvalId() + " is voided at auth", () -> "VOIDED".equals(authStatus(approval.approvalId())));
    }

    @ParameterizedTest
    @MethodSource("every")
    void aPaymentNoticeLostOnTheLineIsSentAgainAndChargedOnce(Fault fault) {
        authLine.arm(fault, "/v1/merchant/payment-notices", PAST_TIME_OUT);

        var receipt = terminal.buy(deployment.shop().url(), "alice", password("alice"), "wallpaper").receipt();
        completed.incrementAndGet();

        await("approval " + receipt.approvalId() + " is charged", () -> "CHARGED".equals(authStatus(receipt.approvalId())));
        assertThat(authLine.isArmed()).as("the fault was injected").isFalse();
        assertThat(rows(dir, "auth", "SELECT COUNT(*) FROM use_entry WHERE approval_id = '" + receipt.approvalId() + "' AND kind = 'CHARGE'"))
                .containsExactly(List.of("1"));
    }

    @ParameterizedTest
    @MethodSource("duplicated")
    void aJudgementSentAndAnsweredTwiceSettlesAndChargesOnce(Fault duplicate) {
        authLine.arm(duplicate, "/v1/merchant/judgement", Duration.ZERO);

        var receipt = terminal.buy(deployment.shop().url(), "alice", password("alice"), "wallpaper").receipt();
        completed.incrementAndGet();

        assertThat(authLine.isArmed()).isFalse();
        assertThat(rows(dir, "settlement", "SELECT COUNT(*) FROM settlement WHERE approval_id = '" + receipt.approvalId() + "'"))
                .containsExactly(List.of("1"));
        await("approval " + receipt.approvalId() + " is charged", () -> "CHARGED".equals(authStatus(receipt.approvalId())));
    }

    @ParameterizedTest
    @MethodSource("lateOrCutOff")
    void aCreditReportLateOrCutOffRefusesTheApprovalAndMovesNoMoney(Fault fault) {
        var selection = terminal.select(deployment.shop().url(), "wallpaper");
        bureauLine.arm(fault, "/v1/reports/", PAST_TIME_OUT);

        assertRefused(() -> terminal.approve("alice", password("alice"), selection), ErrorCode.BUREAU_UNAVAILABLE);
        refused.incrementAndGet();

        assertThat(bureauLine.isArmed()).as("the fault was injected").isFalse();
        // The line works again at once: the next approval asks the bureau afresh and gets its answer.
        assertThat(terminal.approve("alice", password("alice"), selection).approvalId()).startsWith("apv_");
    }

    /**
     * A report query is a GET, which the JDK's client sends once more on a new connection when the
     * first one ends before any answer (seen as an end of stream; a reset seen as such is not
     * retried). Either way the outcome is one of two right ones: the approval refused with
     * {@code bureau_unavailable}, or given on the bureau's second answer; never anything else.
     */
    @ParameterizedTest
    @MethodSource("dropped")
    void aCreditReportWhoseConnectionDropsRefusesTheApprovalOrIsAskedOnceMore(Fault fault) {
        var selection = terminal.select(deployment.shop().url(), "wallpaper");
        int before = bureauLine.forwarded.get();
        bureauLine.arm(fault, "/v1/reports/", PAST_TIME_OUT);

        try {
            assertThat(terminal.approve("alice", password("alice"), selection).approvalId()).startsWith("apv_");
            assertThat(bureauLine.forwarded.get() - before).as("approved only on a second answer of the bureau").isEqualTo(2);
            completed.incrementAndGet();
        } catch (dev.contentpay.platform.error.ContentpayException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.BUREAU_UNAVAILABLE);
            refused.incrementAndGet();
            assertThat(bureauLine.forwarded.get() - before).isEqualTo(1);
        }
        assertThat(bureauLine.isArmed()).as("the fault was injected").isFalse();
    }

    @ParameterizedTest
    @MethodSource("duplicated")
    void aCreditReportAnsweredTwiceApprovesOnce(Fault duplicate) {
        bureauLine.arm(duplicate, "/v1/reports/", Duration.ZERO);

        var purchase = terminal.buy(deployment.shop().url(), "alice", password("alice"), "wallpaper");
        completed.incrementAndGet();

        assertThat(bureauLine.isArmed()).isFalse();
        assertThat(rows(dir, "auth", "SELECT COUNT(*) FROM approval WHERE order_id = '" + purchase.receipt().orderId() + "'"))
                .containsExactly(List.of("1"));
        await("approval " + purchase.receipt().approvalId() + " is charged", () -> "CHARGED".equals(authStatus(purchase.receipt().approvalId())));
    }

    private static String authStatus(String approvalId) {
        return rows(dir, "auth", "SELECT status FROM approval WHERE id = '" + approvalId + "'").get(0).get(0);
    }

    private static long number(List<List<String>> rows) {
        return Long.parseLong(rows.get(0).get(0));
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + " within " + PATIENCE).isLessThan(deadline);
            TestDeployment.sleep(50);
        }
    }
}
