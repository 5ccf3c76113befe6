package dev.contentpay.settlement;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invariant 5 on settlement's side: a presentation a crash cut off between the issuer's allowance
 * and our commit is given up after purchase.abandon-after and its approval voided at the issuer;
 * before that, the buyer's retry with the same key completes it.
 */
class PresentationSweeperTest {

    @TempDir
    Path dir;
    Harness harness;

    @AfterEach
    void stop() {
        if (harness != null) harness.close();
    }

    @Test
    void aPresentationLeftWithoutAnOutcomeIsGivenUpAndItsApprovalVoided() throws Exception {
        harness = Harness.start(dir, Map.of("purchase.abandon-after", "15s"));
        // What a kill -9 after the allowance leaves behind: the presentation and nothing else.
        harness.execute("INSERT INTO presentation (approval_id, order_id, amount, currency, first_presented_at) "
                + "VALUES ('apr_cut_off', 'ord_cut_off', 100, 'JPY', " + harness.clock.millis() + ")");

        harness.clock.advance(Duration.ofSeconds(20));

        Harness.await(Duration.ofSeconds(10), () -> harness.auth.timesVoided("apr_cut_off") == 1);
        assertThat(harness.text("SELECT outcome FROM approval_outcome WHERE approval_id = 'apr_cut_off'")).isEqualTo("ABANDONED");
        assertThat(harness.text("SELECT reason FROM approval_outcome WHERE approval_id = 'apr_cut_off'")).isEqualTo("no_outcome");
    }

    /**
     * A sweep starts where the last one left everything finished (presentations are never pruned,
     * so reading them all at every sweep grew without end), looking a minute further back: a
     * presentation committed after a sweep but stamped before its cutoff, by another instance whose
     * clock is a little behind, is still given up.
     */
    @Test
    void aSweepLooksBackAMinuteBeforeWhereTheLastOneLeftOff() throws Exception {
        harness = Harness.start(dir, Map.of("purchase.abandon-after", "15s"));
        Thread.sleep(2_500); // at least one sweep, which finds nothing unfinished
        long stampedBeforeTheCutoff = harness.clock.millis() - Duration.ofSeconds(15 + 40).toMillis();
        harness.execute("INSERT INTO presentation (approval_id, order_id, amount, currency, first_presented_at) "
                + "VALUES ('apr_slow_clock', 'ord_slow_clock', 100, 'JPY', " + stampedBeforeTheCutoff + ")");

        harness.clock.advance(Duration.ofSeconds(1));

        Harness.await(Duration.ofSeconds(10), () -> harness.auth.timesVoided("apr_slow_clock") == 1);
        assertThat(harness.text("SELECT outcome FROM approval_outcome WHERE approval_id = 'apr_slow_clock'")).isEqualTo("ABANDONED");
    }

    @Test
    void aSettledOrRefusedPresentationIsLeftAlone() throws Exception {
        harness = Harness.start(dir, Map.of("purchase.abandon-after", "15s"));
        Sale sale = harness.sale();
        harness.settle(sale);
        harness.auth.refuseWith = dev.contentpay.platform.error.ErrorCode.LIMIT_EXCEEDED;
        harness.purchase("refused", harness.sale());

        harness.clock.advance(Duration.ofSeconds(20));
        Thread.sleep(2_500);

        assertThat(harness.count("SELECT COUNT(*) FROM outbox WHERE kind = 'VOID'")).isZero();
        assertThat(harness.auth.voidAttempts).hasValue(0);
    }
}
