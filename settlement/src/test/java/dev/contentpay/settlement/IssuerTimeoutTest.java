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
        assertThat(harness.count("SELECT COUNT(*) FROM notice_outbox")).isZero();
        assertThat(harness.count("SELECT COUNT(*) FROM ledger_entry")).isZero();
    }

    @Test
    void theBuyersRetryWithTheSameKeyAfterATimeoutSettlesWithTheAllowanceAlreadyGiven() {
        var gate = new CountDownLatch(1);
        harness.auth.judgeGate = gate;
        Sale sale = harness.sale();
        assertThat(harness.purchase("retry-me", sale).statusCode()).isEqualTo(503);
        harness.auth.judgeGate = null;
        gate.countDown();
        Harness.await(Duration.ofSeconds(5), () -> harness.auth.allowancesIssued() == 1);

        HttpResponse<String> retry = harness.purchase("retry-me", sale);

        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(harness.auth.allowancesIssued()).isEqualTo(1);
        assertThat(harness.count("SELECT COUNT(*) FROM settlement")).isEqualTo(1);
    }
}
