package dev.contentpay.settlement;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** [0071]: with no allowance within the set time, settlement refuses and records it; nothing is settled. */
class IssuerTimeoutTest {

    @TempDir
    Path dir;
    Harness harness;

    @BeforeEach
    void start() {
        harness = Harness.start(dir, Map.of("auth.timeout", "300ms"));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void anIssuerSilentBeyondTheTimeoutMakesThePurchaseFailWithAuthUnavailableAndSettlesNothing() {
        harness.auth.judgeGate = new CountDownLatch(1);
        Sale sale = harness.sale();

        long started = System.nanoTime();
        HttpResponse<String> response = harness.purchase("slow", sale);
        Duration waited = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(Harness.code(response)).isEqualTo("auth_unavailable");
        // The fake would hold the answer for ten seconds; the buyer hears after about the time-out.
        assertThat(waited).isLessThan(Duration.ofSeconds(3));
        assertThat(harness.count("SELECT COUNT(*) FROM refusal WHERE code = 'auth_unavailable' AND order_id = ? AND approval_id = ?",
                sale.info().orderId(), sale.approval().approvalId())).isEqualTo(1);
        assertThat(harness.count("SELECT COUNT(*) FROM settlement")).isZero();
        assertThat(harness.count("SELECT COUNT(*) FROM outbox WHERE kind = 'NOTICE'")).isZero();
        assertThat(harness.count("SELECT COUNT(*) FROM ledger_entry")).isZero();
    }

    @Test
    void anAllowanceThatArrivesAfterTheTimeOutIsNeverSettledEvenWhenTheBuyerRetriesWithTheSameKey() {
        harness.auth.judgeDelay = Duration.ofMillis(800);
        Sale sale = harness.sale();
        HttpResponse<String> first = harness.purchase("retry-me", sale);
        assertThat(first.statusCode()).isEqualTo(503);
        Harness.await(Duration.ofSeconds(5), () -> harness.auth.allowancesIssued() == 1);
        harness.auth.judgeDelay = null;

        HttpResponse<String> retry = harness.purchase("retry-me", sale);

        assertThat(retry.statusCode()).isEqualTo(503);
        assertThat(Harness.code(retry)).isEqualTo("auth_unavailable");
        assertThat(harness.count("SELECT COUNT(*) FROM settlement")).isZero();
        assertThat(harness.count("SELECT COUNT(*) FROM ledger_entry")).isZero();
        assertThat(harness.text("SELECT outcome FROM approval_outcome WHERE approval_id = ?", sale.approval().approvalId())).isEqualTo("ABANDONED");
        assertThat(harness.auth.judgeCalls).as("a given-up approval is not even judged again").hasValue(1);
    }

    /**
     * Found by the crash harness (docs/RELIABILITY.md): settlement was killed after committing a
     * settlement, and the buyer's retry with the same key found the issuer down. It was answered
     * {@code auth_unavailable} ("given up, nothing was charged") while the settlement stood and was
     * charged: the buyer paid and held no receipt.
     */
    @Test
    void aSettledApprovalWhoseRetryFindsTheIssuerSilentIsNotGivenUpAndTheNextRetryGetsTheReceipt() throws Exception {
        Sale sale = harness.sale();
        HttpResponse<String> first = harness.purchase("lost-receipt", sale);
        assertThat(first.statusCode()).isEqualTo(201);
        // The process died before answering: its claim on the key was released at the restart.
        // Entries are found by a keyed hash of the key: the latest one is this purchase's.
        harness.execute("DELETE FROM idempotency_entry WHERE created_at = (SELECT MAX(created_at) FROM idempotency_entry)");
        harness.auth.judgeGate = new CountDownLatch(1);

        HttpResponse<String> retry = harness.purchase("lost-receipt", sale);

        assertThat(retry.statusCode()).isEqualTo(503);
        assertThat(Harness.code(retry)).as("a retryable answer, not 'given up'").isEqualTo("settlement_unavailable");
        String approvalId = sale.approval().approvalId();
        assertThat(harness.text("SELECT outcome FROM approval_outcome WHERE approval_id = ?", approvalId)).isEqualTo("SETTLED");
        assertThat(harness.count("SELECT COUNT(*) FROM outbox WHERE kind = 'VOID'")).isZero();

        harness.auth.judgeGate.countDown();
        harness.auth.judgeGate = null;
        HttpResponse<String> again = harness.purchase("lost-receipt", sale);
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(Harness.receipt(again).settlementId()).isEqualTo(Harness.receipt(first).settlementId());
        assertThat(harness.count("SELECT COUNT(*) FROM settlement")).isEqualTo(1);
    }

    @Test
    void settlementAsksTheIssuerToVoidAnApprovalItGaveUpOnAndRecordsTheAnswer() {
        harness.auth.judgeGate = new CountDownLatch(1);
        Sale sale = harness.sale();

        assertThat(harness.purchase("slow", sale).statusCode()).isEqualTo(503);

        String approvalId = sale.approval().approvalId();
        Harness.await(Duration.ofSeconds(5), () -> "SENT".equals(harness.text("SELECT status FROM outbox WHERE kind = 'VOID' AND subject = ?", approvalId)));
        assertThat(harness.auth.timesVoided(approvalId)).isEqualTo(1);
        assertThat(harness.text("SELECT result FROM outbox WHERE kind = 'VOID' AND subject = ?", approvalId)).isEqualTo("voided");
        assertThat(harness.count("SELECT COUNT(*) FROM event WHERE type = 'timed_out' AND subject = ?", approvalId)).isEqualTo(1);
        assertThat(harness.count("SELECT COUNT(*) FROM event WHERE type = 'voided' AND subject = ?", approvalId)).isEqualTo(1);
    }

    @Test
    void aVoidTheIssuerCannotTakeYetIsRetriedUntilItDoes() {
        harness.auth.judgeGate = new CountDownLatch(1);
        harness.auth.voidsDown = true;
        Sale sale = harness.sale();
        assertThat(harness.purchase("slow", sale).statusCode()).isEqualTo(503);
        Harness.await(Duration.ofSeconds(5), () -> harness.auth.voidAttempts.get() >= 2);

        harness.auth.voidsDown = false;

        String approvalId = sale.approval().approvalId();
        Harness.await(Duration.ofSeconds(10), () -> harness.auth.timesVoided(approvalId) == 1);
    }
}
