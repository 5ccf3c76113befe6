package dev.contentpay.e2e;

import dev.contentpay.platform.time.MutableClock;
import com.nimbusds.jose.jwk.JWKSet;
import dev.contentpay.app.Deployment;
import dev.contentpay.app.operator.OperatorClient;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.crypto.TokenSigner;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.PurchasingInfoSeal;
import dev.contentpay.protocol.PurchasingInformation;
import dev.contentpay.protocol.SelectResponse;
import dev.contentpay.protocol.admin.AmountRequest;
import dev.contentpay.protocol.admin.RegisterSubscriberRequest;
import dev.contentpay.client.ContentpayClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.contentpay.e2e.TestDeployment.assertRefused;
import static dev.contentpay.e2e.TestDeployment.password;
import static dev.contentpay.e2e.TestDeployment.rows;
import static org.assertj.core.api.Assertions.assertThat;

/** The authentication server in depth (issue 3), against the real servers with a clock tests can move. */
class AuthInDepthEndToEndTest {

    @TempDir
    static Path dir;
    static MutableClock clock = new MutableClock();
    static Deployment deployment;
    static ContentpayClient terminal;
    static OperatorClient operator;
    static Merchant merchant;
    static final AtomicInteger subscribers = new AtomicInteger();

    @BeforeAll
    static void start() {
        // A cheap hash keeps 200 concurrent sign-ins quick; the cost itself is measured by the benchmarks.
        deployment = TestDeployment.start(dir, Map.of("auth", Map.of("password.memory-kib", "256", "password.iterations", "1")), clock);
        terminal = TestDeployment.terminal(deployment);
        operator = new OperatorClient(deployment.auth().adminUrl(), dir.resolve("keys/auth-admin.token"));
        merchant = new Merchant(deployment, dir, clock);
    }

    @AfterAll
    static void stop() {
        deployment.close();
    }

    /**
     * Registers a fresh subscriber and returns its id. Larger credit limits get a good bureau
     * record; small ones none, so the thin-history cap (3,000) is above their limit anyway.
     */
    static String newSubscriber(String kind, long limit) {
        String id = "sub-" + subscribers.incrementAndGet();
        operator.send("POST", "/v1/admin/subscribers", new RegisterSubscriberRequest(id, "Test " + id, id + "-password", "4321", kind,
                Money.of(limit, "JPY"), limit >= 2_000 ? "JB-40017" : null, null));
        return id;
    }

    static char[] pw(String id) {
        return (id + "-password").toCharArray();
    }

    @Test
    void tenFailedAttemptsLockTheIdForThirtyMinutesAndThenItWorksAgain() {
        String id = newSubscriber("credit", 10_000);
        for (int i = 0; i < 10; i++) {
            assertRefused(() -> terminal.history(id, "wrong".toCharArray()), ErrorCode.BAD_CREDENTIALS);
        }
        assertRefused(() -> terminal.history(id, pw(id)), ErrorCode.SIGN_IN_LOCKED);
        clock.advance(Duration.ofMinutes(29));
        assertRefused(() -> terminal.history(id, pw(id)), ErrorCode.SIGN_IN_LOCKED);
        clock.advance(Duration.ofMinutes(2));
        assertThat(terminal.history(id, pw(id)).subscriberId()).isEqualTo(id);
        assertThat(rows(dir, "auth", "SELECT COUNT(*) FROM audit_event WHERE kind = 'SIGN_IN_LOCKED' AND subscriber_id = '" + id + "'"))
                .containsExactly(List.of("1"));
    }

    @Test
    void anUnknownIdIsLockedExactlyLikeARealOneSoALockRevealsNothing() {
        for (int i = 0; i < 10; i++) {
            assertRefused(() -> terminal.history("nobody-here", "wrong".toCharArray()), ErrorCode.BAD_CREDENTIALS);
        }
        assertRefused(() -> terminal.history("nobody-here", "wrong".toCharArray()), ErrorCode.SIGN_IN_LOCKED);
    }

    @Test
    void aSuspendedSubscriberIsRefusedAndAResumedOneBuysAgain() {
        String id = newSubscriber("credit", 10_000);
        operator.send("POST", "/v1/admin/subscribers/" + id + "/suspend", null);
        assertRefused(() -> terminal.buy(deployment.shop().url(), id, pw(id), "wallpaper"), ErrorCode.SUBSCRIBER_SUSPENDED);
        operator.send("POST", "/v1/admin/subscribers/" + id + "/resume", null);
        assertThat(terminal.buy(deployment.shop().url(), id, pw(id), "wallpaper").receipt().amount().amount()).isEqualTo(100);
        operator.send("POST", "/v1/admin/subscribers/" + id + "/close", null);
        assertRefused(() -> terminal.buy(deployment.shop().url(), id, pw(id), "wallpaper"), ErrorCode.SUBSCRIBER_CLOSED);
    }

    @Test
    void twoHundredPurchasesAtOnceWithALimitForExactlyThirtySevenGiveExactlyThirtySeven() throws Exception {
        String id = newSubscriber("credit", 3_700);
        List<Future<?>> attempts;
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            attempts = java.util.stream.IntStream.range(0, 200)
                    .mapToObj(i -> pool.submit((Callable<Object>) () -> terminal.buy(deployment.shop().url(), id, pw(id), "wallpaper")))
                    .<Future<?>>map(f -> f).toList();
        }
        int bought = 0;
        for (var attempt : attempts) {
            try {
                attempt.get();
                bought++;
            } catch (ExecutionException e) {
                assertThat(((ContentpayException) e.getCause()).code()).as(e.getCause().toString()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
            }
        }
        assertThat(bought).isEqualTo(37);
        var history = TestDeployment.awaitHistory(deployment, id, pw(id), h -> h.charged().amount() == 3_700);
        assertThat(history.charged().amount()).isEqualTo(3_700);
        assertThat(history.reserved().amount()).isZero();
    }

    @Test
    void pseudonymsAreEqualAtOneMerchantAndDifferentAtAnother() throws Exception {
        String id = newSubscriber("credit", 10_000);
        var first = terminal.approve(id, pw(id), terminal.select(deployment.shop().url(), "wallpaper"));
        var second = terminal.approve(id, pw(id), terminal.select(deployment.shop().url(), "ringtone"));
        String other = newSubscriber("credit", 10_000);
        var others = terminal.approve(other, pw(other), terminal.select(deployment.shop().url(), "wallpaper"));

        var umeyaKey = KeyFiles.generate("umeya-shop-1");
        deployment.auth().merchants().register(new dev.contentpay.auth.merchant.MerchantRegistry.Registration("umeya", "Umeya Books", new JWKSet(umeyaKey.toPublicJWK()),
                new JWKSet(KeyFiles.generate("umeya-settlement-1").toPublicJWK()), URI.create("http://127.0.0.1:1"), "umeya"));
        Instant now = clock.instant();
        var info = new PurchasingInformation("ord_umeya_" + id, "umeya", "novel", "ebook", "A Novel", Money.of(300, "JPY"),
                URI.create("http://127.0.0.1:1"), now, now.plusSeconds(600));
        var atUmeya = terminal.approve(id, pw(id), new SelectResponse(info, PurchasingInfoSeal.seal(new TokenSigner(umeyaKey), info)));

        assertThat(subject(first.approval())).isEqualTo(subject(second.approval())).startsWith("psn_").doesNotContain(id);
        assertThat(subject(others.approval())).isNotEqualTo(subject(first.approval()));
        assertThat(subject(atUmeya.approval())).isNotEqualTo(subject(first.approval()));
    }

    @Test
    void theSweeperVoidsAnAllowanceWhosePaymentNoticeDidNotComeAndGivesTheReservationBack() {
        String id = newSubscriber("credit", 1_000);
        var approval = terminal.approve(id, pw(id), terminal.select(deployment.shop().url(), "game"));
        var allowance = merchant.judge(approval);
        assertThat(budget(id)).containsExactly("500", "0");

        clock.advance(Duration.ofMinutes(16));
        deployment.auth().sweep();

        assertThat(status(approval.approvalId())).isEqualTo("VOIDED");
        assertThat(budget(id)).containsExactly("0", "0");
        // A notice that comes after all still charges: the merchant delivered, and the budget allows it.
        merchant.notify(allowance, "stl_late");
        assertThat(status(approval.approvalId())).isEqualTo("CHARGED");
        assertThat(budget(id)).containsExactly("0", "500");
    }

    @Test
    void anApprovalNeverPresentedExpiresAndAVoidedOneCannotBeJudged() {
        String id = newSubscriber("credit", 10_000);
        var stale = terminal.approve(id, pw(id), terminal.select(deployment.shop().url(), "wallpaper"));
        var givenUp = terminal.approve(id, pw(id), terminal.select(deployment.shop().url(), "ringtone"));
        assertThat(merchant.voidApproval(givenUp.approvalId()).status()).isEqualTo("voided");
        assertRefused(() -> merchant.judge(givenUp), ErrorCode.APPROVAL_INVALID);

        clock.advance(Duration.ofMinutes(6));
        deployment.auth().sweep();
        assertThat(status(stale.approvalId())).isEqualTo("EXPIRED");
    }

    @Test
    void aRefundGivesTheBudgetBackOnceAndShowsOnTheStatement() {
        String id = newSubscriber("prepaid", 800);
        var approval = terminal.approve(id, pw(id), terminal.select(deployment.shop().url(), "ebook"));
        var allowance = merchant.judge(approval);
        assertRefused(() -> merchant.refund(allowance, "stl_r1"), ErrorCode.PAYMENT_NOT_CHARGED);
        merchant.notify(allowance, "stl_r1");
        assertThat(budget(id)).containsExactly("0", "800");

        merchant.refund(allowance, "stl_r1");
        merchant.refund(allowance, "stl_r1");

        assertThat(budget(id)).containsExactly("0", "0");
        var statement = operator.get("/v1/admin/subscribers/" + id + "/statement");
        assertThat(statement.get("charged").get("amount").asLong()).isEqualTo(800);
        assertThat(statement.get("refunded").get("amount").asLong()).isEqualTo(800);
        assertThat(statement.get("remaining").get("amount").asLong()).isEqualTo(800);
        assertThat(rows(dir, "auth", "SELECT COUNT(*) FROM use_entry WHERE kind = 'REFUND' AND approval_id = '" + approval.approvalId() + "'"))
                .containsExactly(List.of("1"));
    }

    @Test
    void aPrepaidBalanceIsToppedUpAndPointsAreEarnedAndSpent() {
        String prepaid = newSubscriber("prepaid", 100);
        assertRefused(() -> terminal.buy(deployment.shop().url(), prepaid, pw(prepaid), "ringtone"), ErrorCode.LIMIT_EXCEEDED);
        operator.send("POST", "/v1/admin/subscribers/" + prepaid + "/top-ups", new AmountRequest(Money.of(100, "JPY")));
        assertThat(terminal.buy(deployment.shop().url(), prepaid, pw(prepaid), "ringtone").receipt().amount().amount()).isEqualTo(150);

        String points = newSubscriber("points", 500);
        terminal.buy(deployment.shop().url(), points, pw(points), "game");
        // 1 % of 500 comes back as points once the charge is made.
        var h = TestDeployment.awaitHistory(deployment, points, pw(points), x -> x.remaining().amount() == 5);
        assertThat(h.remaining().amount()).isEqualTo(5);
    }

    @Test
    void aSubscriberMayLowerButNeverRaiseTheirOwnLimit() {
        String id = newSubscriber("credit", 1_000);
        var lowered = TestDeployment.putJson(deployment.auth().url().resolve("/v1/subscriber/limit"), id, pw(id), new AmountRequest(Money.of(400, "JPY")));
        assertThat(lowered.statusCode()).isEqualTo(200);
        assertRefused(() -> terminal.buy(deployment.shop().url(), id, pw(id), "game"), ErrorCode.LIMIT_EXCEEDED);
        var raised = TestDeployment.putJson(deployment.auth().url().resolve("/v1/subscriber/limit"), id, pw(id), new AmountRequest(Money.of(5_000, "JPY")));
        assertThat(raised.statusCode()).isEqualTo(400);
        assertThat(raised.body()).contains("validation_failed");
        assertThat(rows(dir, "auth", "SELECT COUNT(*) FROM audit_event WHERE kind = 'LIMIT_CHANGED' AND subscriber_id = '" + id + "'"))
                .containsExactly(List.of("1"));
    }

    @Test
    void theAuditLogRecordsTheWholeLifeOfAPurchaseAndNeverACredential() {
        String id = newSubscriber("credit", 10_000);
        terminal.buy(deployment.shop().url(), id, pw(id), "wallpaper");
        TestDeployment.awaitHistory(deployment, id, pw(id), h -> h.charged().amount() == 100);
        var kinds = operator.get("/v1/admin/audit?subscriber=" + id + "&limit=100").findValuesAsText("kind");
        assertThat(kinds).contains("subscriber_registered", "approval_issued", "allowance_granted", "charged");
        var everything = rows(dir, "auth", "SELECT * FROM audit_event").toString();
        assertThat(everything).doesNotContain(id + "-password").doesNotContainPattern("eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}\\.");
        // Times and ids are digits too: the PIN is looked for where text is written, in the details.
        assertThat(rows(dir, "auth", "SELECT COALESCE(detail, '') FROM audit_event").toString()).doesNotContain("4321");
    }

    private static String subject(String token) throws Exception {
        return com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet().getSubject();
    }

    private static String status(String approvalId) {
        return rows(dir, "auth", "SELECT status FROM approval WHERE id = '" + approvalId + "'").get(0).get(0);
    }

    /** reserved, charged of the subscriber's current budget. */
    private static List<String> budget(String id) {
        return rows(dir, "auth", "SELECT reserved, charged FROM budget WHERE subscriber_id = '" + id + "'").get(0);
    }
}
