package dev.contentpay.settlement;

import dev.contentpay.protocol.PaymentNotice;
import dev.contentpay.protocol.Receipt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** [0072]-[0073]: the payment notice reaches the issuer at least once, survives restarts, and never holds up a purchase. */
class NoticeOutboxTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    Harness harness;

    @AfterEach
    void stop() {
        if (harness != null) harness.close();
    }

    @Test
    void theOutboxDeliversTheNoticeToTheIssuerExactlyOnceWhenItAnswers() throws InterruptedException {
        harness = Harness.start(dir);

        Receipt receipt = harness.settle(harness.sale());

        Harness.await(PATIENCE, () -> harness.server.pendingNotices() == 0);
        Thread.sleep(500); // Several poll intervals: long enough for a duplicate to show up.
        assertThat(harness.auth.noticeAttempts).hasValue(1);
        PaymentNotice notice = harness.auth.appliedNotices().getFirst();
        assertThat(notice.settlementId()).isEqualTo(receipt.settlementId());
        assertThat(notice.amount()).isEqualTo(receipt.amount());
        assertThat(notice.settledAt()).isEqualTo(receipt.settledAt());
        assertThat(harness.auth.timesApplied(notice.allowanceId())).isEqualTo(1);
        assertThat(harness.text("SELECT status FROM outbox WHERE kind = 'NOTICE' AND settlement_id = ?", receipt.settlementId())).isEqualTo("SENT");
    }

    @Test
    void noticesDueTogetherTravelInOneBatchAndEachIsAppliedOnce() {
        harness = Harness.start(dir);
        harness.auth.noticeGate = new CountDownLatch(1);
        Receipt held = harness.settle(harness.sale());
        Harness.await(PATIENCE, () -> harness.auth.noticeAttempts.get() == 1); // the lone notice waits at the issuer

        var more = java.util.stream.IntStream.range(0, 4).mapToObj(i -> harness.settle(harness.sale())).toList();
        harness.auth.noticeGate.countDown();

        Harness.await(PATIENCE, () -> harness.server.pendingNotices() == 0);
        assertThat(harness.auth.batches).as("calls of the batch endpoint").hasValue(1);
        assertThat(harness.auth.noticeAttempts).hasValue(5);
        for (Receipt r : java.util.stream.Stream.concat(java.util.stream.Stream.of(held), more.stream()).toList()) {
            assertThat(harness.text("SELECT status FROM outbox WHERE kind = 'NOTICE' AND settlement_id = ?", r.settlementId())).isEqualTo("SENT");
        }
        assertThat(harness.auth.appliedNotices()).hasSize(5)
                .allSatisfy(n -> assertThat(harness.auth.timesApplied(n.allowanceId())).isEqualTo(1));
    }

    @Test
    void theOutboxRetriesANoticeTheIssuerFirstFailsUntilItIsAcknowledged() {
        harness = Harness.start(dir);
        harness.auth.noticeFailuresLeft.set(2);

        Receipt receipt = harness.settle(harness.sale());

        Harness.await(PATIENCE, () -> harness.server.pendingNotices() == 0);
        assertThat(harness.auth.noticeAttempts).hasValue(3);
        assertThat(harness.auth.appliedNotices()).hasSize(1);
        assertThat(harness.count("SELECT attempts FROM outbox WHERE kind = 'NOTICE' AND settlement_id = ?", receipt.settlementId())).isEqualTo(3);
        assertThat(harness.text("SELECT status FROM outbox WHERE kind = 'NOTICE' AND settlement_id = ?", receipt.settlementId())).isEqualTo("SENT");
    }

    @Test
    void aRestartOnTheSameDatabaseKeepsSettlementsAndStillSendsPendingNotices() {
        harness = Harness.start(dir);
        harness.auth.noticesDown = true;
        Receipt receipt = harness.settle(harness.sale());
        Harness.await(PATIENCE, () -> harness.auth.noticeAttempts.get() >= 1);

        harness.restart();
        harness.auth.noticesDown = false;

        Harness.await(PATIENCE, () -> harness.server.pendingNotices() == 0);
        assertThat(harness.auth.appliedNotices()).extracting(PaymentNotice::settlementId).containsExactly(receipt.settlementId());
        assertThat(harness.count("SELECT COUNT(*) FROM settlement WHERE id = ?", receipt.settlementId())).isEqualTo(1);
        assertThat(harness.get(receipt.downloadUrl().replaceFirst("http://[^/]+", harness.server.url().toString())).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aSlowIssuerDoesNotHoldUpTheNextPurchase() {
        harness = Harness.start(dir);
        var gate = new CountDownLatch(1);
        harness.auth.noticeGate = gate;
        harness.settle(harness.sale());
        Harness.await(PATIENCE, () -> harness.auth.noticeAttempts.get() >= 1);

        Receipt second = harness.settle(harness.sale());

        assertThat(gate.getCount()).as("the first notice is still held by the issuer").isEqualTo(1);
        assertThat(second.settlementId()).isNotNull();
        harness.auth.noticeGate = null;
        gate.countDown();
        Harness.await(PATIENCE, () -> harness.server.pendingNotices() == 0);
    }

    @Test
    void aNoticeTheIssuerNeverAcknowledgesIsMarkedDeadAfterTheLastAttempt() {
        harness = Harness.start(dir, Map.of("notice.max-attempts", "2"));
        harness.auth.noticesDown = true;

        Receipt receipt = harness.settle(harness.sale());

        Harness.await(PATIENCE, () -> "DEAD".equals(harness.text("SELECT status FROM outbox WHERE kind = 'NOTICE' AND settlement_id = ?", receipt.settlementId())));
        assertThat(harness.auth.noticeAttempts).hasValue(2);
        assertThat(harness.server.pendingNotices()).isZero();
        assertThat(harness.text("SELECT last_error FROM outbox WHERE kind = 'NOTICE' AND settlement_id = ?", receipt.settlementId())).isEqualTo("auth_unavailable");
    }
}
