package dev.contentpay.e2e;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.client.ContentpayClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 6, several instances: two auth processes sharing one PostgreSQL database and two settlement
 * processes sharing another, each pair behind a round-robin balancer ({@link RoundRobin}), started
 * as an operator would ({@code contentpay serve auth|settlement --config FILE}). Nothing that one
 * process keeps in memory may let a second allowance or a purchase over the limit through. Runs in
 * the PostgreSQL half of the suite only: a SQLite file belongs to one process.
 */
@EnabledIf("dev.contentpay.platform.db.TestDatabases#postgres")
class SeveralInstancesEndToEndTest {

    @TempDir
    static Path dir;
    static ScaledDeployment deployment;
    static RoundRobin subscriberFace;
    static RoundRobin merchantFace;
    static RoundRobin settlements;
    static URI shop;

    @BeforeAll
    static void start() throws Exception {
        // A generous time-out: on a busy machine a slow judgement must not turn into a give-up, which would hide a miscount.
        deployment = ScaledDeployment.start(dir, 2, Map.of("auth.timeout", "60s"));
        subscriberFace = deployment.subscriberFace;
        merchantFace = deployment.merchantFace;
        settlements = deployment.settlements;
        shop = deployment.shop;
    }

    @AfterAll
    static void stop() {
        if (deployment != null) deployment.close();
    }

    @Test
    void aHundredConcurrentPresentationsOfOneApprovalGiveExactlyOneAllowance() throws Exception {
        register("frank", 10_000);
        var terminal = new ContentpayClient(subscriberFace.url());
        var selection = terminal.select(shop, "ebook");
        var approval = terminal.approve("frank", "frank-password".toCharArray(), selection);
        var refusals = new ConcurrentLinkedQueue<ErrorCode>();
        long[] before = {settlements.connections(0), settlements.connections(1)};

        int settled = concurrently(100, () -> terminal.present(selection, approval), refusals);

        assertThat(settled).isEqualTo(1);
        assertThat(refusals).hasSize(99).containsOnly(ErrorCode.APPROVAL_ALREADY_USED);
        assertThat(settlements.connections(0) - before[0]).as("presentations to settlement instance 1").isPositive();
        assertThat(settlements.connections(1) - before[1]).as("presentations to settlement instance 2").isPositive();
        // Settlement keeps its connections to the issuer open, so these count since the start of the class.
        assertThat(merchantFace.connections(0)).as("judgements sent to auth instance 1").isPositive();
        assertThat(merchantFace.connections(1)).as("judgements sent to auth instance 2").isPositive();
        assertThat(count("auth", "SELECT COUNT(*) FROM approval WHERE id = '" + approval.approvalId() + "' AND allowance_id IS NOT NULL"))
                .isEqualTo(1);
        assertThat(count("settlement", "SELECT COUNT(*) FROM settlement WHERE approval_id = '" + approval.approvalId() + "'")).isEqualTo(1);
        awaitCount("auth", "SELECT COUNT(*) FROM use_entry WHERE approval_id = '" + approval.approvalId() + "' AND kind = 'CHARGE'", 1);
    }

    @Test
    void aLimitAllowingTenPurchasesGivesExactlyTenUnderTwoHundredConcurrentAttemptsOnBothInstances() throws Exception {
        register("erin", 1_000);
        var terminal = new ContentpayClient(subscriberFace.url());
        var refusals = new ConcurrentLinkedQueue<ErrorCode>();
        long[] before = {subscriberFace.connections(0), subscriberFace.connections(1)};

        int bought = concurrently(200, () -> terminal.buy(shop, "erin", "erin-password".toCharArray(), "wallpaper"), refusals);

        assertThat(bought).isEqualTo(10);
        assertThat(refusals).hasSize(190).containsOnly(ErrorCode.LIMIT_EXCEEDED);
        assertThat(subscriberFace.connections(0) - before[0]).as("approvals asked of auth instance 1").isPositive();
        assertThat(subscriberFace.connections(1) - before[1]).as("approvals asked of auth instance 2").isPositive();
        assertThat(count("auth", "SELECT COUNT(*) FROM approval WHERE subscriber_id = 'erin' AND allowance_id IS NOT NULL")).isEqualTo(10);
        awaitCount("auth", "SELECT COUNT(*) FROM use_entry WHERE kind = 'CHARGE' AND approval_id IN "
                + "(SELECT id FROM approval WHERE subscriber_id = 'erin')", 10);
    }

    /** Runs {@code attempt} {@code times} at once; returns how many succeeded and collects the refusals' codes. */
    private static int concurrently(int times, Runnable attempt, ConcurrentLinkedQueue<ErrorCode> refusals) {
        var succeeded = new AtomicInteger();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < times; i++) {
                pool.submit(() -> {
                    try {
                        attempt.run();
                        succeeded.incrementAndGet();
                    } catch (ContentpayException e) {
                        refusals.add(e.code());
                    }
                });
            }
        }
        return succeeded.get();
    }

    @Test
    void sixtyWrongPasswordsAtOnceAcrossTwoInstancesAreCheckedAtMostTenTimes() throws Exception {
        register("mallory-target", 1_000);

        var codes = GuessingEndToEndTest.concurrentWrongPasswords(subscriberFace.url(), "mallory-target", 60);

        int bad = codes.getOrDefault("bad_credentials", new java.util.concurrent.atomic.AtomicInteger()).get();
        int locked = codes.getOrDefault("sign_in_locked", new java.util.concurrent.atomic.AtomicInteger()).get();
        assertThat(bad).as("answered bad_credentials: %s", codes).isBetween(1, 10);
        assertThat(bad + locked).as("every answer: %s", codes).isEqualTo(60);
        assertThat(count("auth", "SELECT COUNT(*) FROM audit_event WHERE kind = 'SIGN_IN_FAILED' AND subscriber_id = 'mallory-target'"))
                .as("passwords checked").isEqualTo(bad);
    }

    private static void register(String id, long prepaid) {
        deployment.register(id, prepaid);
    }

    private static long count(String database, String sql) {
        return Long.parseLong(TestDeployment.rows(dir, database, sql).get(0).get(0));
    }

    /** Payment notices are sent after the purchase answers; waits for them to be applied. */
    private static void awaitCount(String database, String sql, long expected) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (count(database, sql) != expected && System.nanoTime() < deadline) TestDeployment.sleep(100);
        assertThat(count(database, sql)).as(sql).isEqualTo(expected);
    }
}
