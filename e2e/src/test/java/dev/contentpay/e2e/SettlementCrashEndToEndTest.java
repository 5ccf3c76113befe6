package dev.contentpay.e2e;

import dev.contentpay.app.Deployment;
import dev.contentpay.app.Main;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.ServiceClient;
import dev.contentpay.protocol.ApprovalResponse;
import dev.contentpay.protocol.PurchaseRequest;
import dev.contentpay.protocol.Receipt;
import dev.contentpay.protocol.SelectResponse;
import dev.contentpay.settlement.SettlementConfig;
import dev.contentpay.settlement.fault.FaultPoints;
import dev.contentpay.client.ContentpayClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static dev.contentpay.e2e.TestDeployment.password;
import static dev.contentpay.e2e.TestDeployment.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Invariant 5 for settlement: the settlement server is a real process, killed with SIGKILL at the
 * two named points of a purchase (fault.pause-at), and started again on the same database. After
 * the restart no settlement is lost, nothing is charged twice, and the day reconciles cleanly.
 * Bureau, auth and shop run in this JVM, wired as the demo wires them.
 */
class SettlementCrashEndToEndTest {

    private static final String KEY = "crash-retry-key";

    @TempDir
    Path dir;
    Deployment deployment;
    SettlementConfig settlementConfig;
    final List<ServerProcess> processes = new ArrayList<>();

    @BeforeEach
    void start() {
        deployment = Deployment.start(dir, Deployment.Ports.free(), Clock.systemUTC(), TestDeployment.withTestSettings(dir, Map.of()));
        settlementConfig = deployment.settlement().config();
        // The in-process settlement steps aside; the process below takes its port and database.
        deployment.settlement().close();
    }

    @AfterEach
    void stop() {
        processes.forEach(ServerProcess::close);
        deployment.close();
    }

    @Test
    void killedAfterTheAllowanceAndBeforeTheCommitTheRetryAfterTheRestartSettlesOnceAndIsChargedOnce() throws Exception {
        ServerProcess settlement = settlementProcess(FaultPoints.Point.AFTER_ALLOWANCE);
        Purchase purchase = select("ebook");

        CompletableFuture<Receipt> first = present(purchase);
        settlement.awaitLine(line -> line.equals(FaultPoints.MARKER + "after-allowance"), Duration.ofSeconds(20));
        settlement.kill();

        assertLostConnection(first);
        String approvalId = purchase.approval().approvalId();
        assertThat(rows(dir, "settlement", "SELECT COUNT(*) FROM settlement WHERE approval_id = '" + approvalId + "'")).containsExactly(List.of("0"));
        assertThat(rows(dir, "settlement", "SELECT COUNT(*) FROM presentation WHERE approval_id = '" + approvalId + "'")).containsExactly(List.of("1"));
        assertThat(authStatus(approvalId)).as("the issuer allowed it and reserved the amount").isEqualTo("ALLOWED");

        settlementProcess(null);
        Receipt receipt = present(purchase).get(30, TimeUnit.SECONDS);

        assertThat(receipt.approvalId()).isEqualTo(approvalId);
        assertDeliveredChargedOnceAndReconciled(purchase, receipt);
    }

    @Test
    void killedAfterTheCommitAndBeforeTheNoticeIsSentTheRestartSendsItAndTheRetryGetsTheSameSettlement() throws Exception {
        ServerProcess settlement = settlementProcess(FaultPoints.Point.AFTER_COMMIT);
        Purchase purchase = select("game");

        CompletableFuture<Receipt> first = present(purchase);
        settlement.awaitLine(line -> line.equals(FaultPoints.MARKER + "after-commit"), Duration.ofSeconds(20));
        settlement.kill();

        assertLostConnection(first);
        String approvalId = purchase.approval().approvalId();
        List<List<String>> settled = rows(dir, "settlement", "SELECT id FROM settlement WHERE approval_id = '" + approvalId + "'");
        assertThat(settled).as("the commit survived the kill").hasSize(1);
        String settlementId = settled.get(0).get(0);
        assertThat(rows(dir, "settlement", "SELECT status FROM outbox WHERE kind = 'NOTICE' AND settlement_id = '" + settlementId + "'"))
                .containsExactly(List.of("PENDING"));
        assertThat(authStatus(approvalId)).as("the notice was not sent before the kill").isEqualTo("ALLOWED");

        settlementProcess(null);
        Receipt receipt = present(purchase).get(30, TimeUnit.SECONDS);

        assertThat(receipt.settlementId()).isEqualTo(settlementId);
        assertDeliveredChargedOnceAndReconciled(purchase, receipt);
    }

    private record Purchase(SelectResponse selection, ApprovalResponse approval) {
    }

    private Purchase select(String item) {
        ContentpayClient terminal = TestDeployment.terminal(deployment);
        SelectResponse selection = terminal.select(deployment.shop().url(), item);
        return new Purchase(selection, terminal.approve("alice", password("alice"), selection));
    }

    /** Presents the approval as a terminal does, always with the same idempotency key, as a retry would. */
    private CompletableFuture<Receipt> present(Purchase p) {
        var client = new ServiceClient(p.selection().purchase().settleAt(), Duration.ofSeconds(30), ErrorCode.SETTLEMENT_UNAVAILABLE, null,
                Clock.systemUTC());
        var request = new PurchaseRequest(p.approval().approval(), p.selection().sealed());
        return CompletableFuture.supplyAsync(() -> client.post("/v1/purchases", request, KEY, Receipt.class));
    }

    private static void assertLostConnection(CompletableFuture<Receipt> presentation) {
        assertThatThrownBy(() -> presentation.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ContentpayException.class)
                .satisfies(e -> assertThat(((ContentpayException) e.getCause()).code()).isEqualTo(ErrorCode.SETTLEMENT_UNAVAILABLE));
    }

    private void assertDeliveredChargedOnceAndReconciled(Purchase purchase, Receipt receipt) {
        String approvalId = purchase.approval().approvalId();
        assertThat(TestDeployment.terminal(deployment).download(receipt)).hasSize((int) receipt.size());
        awaitAuthStatus(approvalId, "CHARGED");
        assertThat(rows(dir, "settlement", "SELECT COUNT(*) FROM settlement WHERE approval_id = '" + approvalId + "'")).containsExactly(List.of("1"));
        assertThat(rows(dir, "auth", "SELECT COUNT(*) FROM use_entry WHERE approval_id = '" + approvalId + "' AND kind = 'CHARGE'"))
                .containsExactly(List.of("1"));
        assertThat(rows(dir, "auth", "SELECT settlement_id FROM approval WHERE id = '" + approvalId + "'"))
                .containsExactly(List.of(receipt.settlementId()));
        String date = receipt.settledAt().atZone(ZoneOffset.UTC).toLocalDate().toString();
        var out = new StringWriter();
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int exit = cli.execute("reconcile", "--date", date, "--settlement", "http://127.0.0.1:" + settlementConfig.port(),
                "--token-file", settlementConfig.adminTokenFile().toString());
        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("No mismatches.", "ledger      balanced");
    }

    private String authStatus(String approvalId) {
        return rows(dir, "auth", "SELECT status FROM approval WHERE id = '" + approvalId + "'").get(0).get(0);
    }

    private void awaitAuthStatus(String approvalId, String status) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (!status.equals(authStatus(approvalId)) && Instant.now().isBefore(deadline)) TestDeployment.sleep(50);
        assertThat(authStatus(approvalId)).isEqualTo(status);
    }

    /** The settlement server as its own JVM on the demo's port, database and keys; {@code pauseAt} null for none. */
    private ServerProcess settlementProcess(FaultPoints.Point pauseAt) throws IOException {
        var more = new ArrayList<>(List.of("notice.poll-interval=100ms"));
        if (pauseAt != null) more.add("fault.pause-at=" + pauseAt.setting());
        Path file = ServerProcess.settlementConfigFile(dir, settlementConfig, "settlement-" + processes.size() + ".properties", more);
        ServerProcess process = ServerProcess.start(dir, "settlement", file);
        processes.add(process);
        return process;
    }
}
