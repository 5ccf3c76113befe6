package dev.contentpay.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contentpay.app.Deployment;
import dev.contentpay.app.operator.OperatorClient;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.ApprovalResponse;
import dev.contentpay.protocol.JudgeResponse;
import dev.contentpay.protocol.admin.AmountRequest;
import dev.contentpay.protocol.admin.RegisterSubscriberRequest;
import dev.contentpay.terminal.ContentpayClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.contentpay.e2e.TestDeployment.assertRefused;
import static dev.contentpay.e2e.TestDeployment.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Limits, points and the audit log against the real servers (issue 13, items 4, 9, 10 and 11): the
 * cap a reservation meets is always what the credit policy allows, a limit is never set below what
 * is used, a refund takes back the points its charge earned, and the audit log comes newest first.
 */
class LimitsPointsAuditEndToEndTest {

    /** Points subscribers earn a fifth of each charge here, so that earned points can be spent on the cheapest item. */
    private static final int EARN_PERCENT = 20;

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
        deployment = TestDeployment.start(dir, Map.of("auth", Map.of("password.memory-kib", "256", "password.iterations", "1",
                "points.earn-percent", Integer.toString(EARN_PERCENT))), clock);
        terminal = TestDeployment.terminal(deployment);
        operator = new OperatorClient(deployment.auth().adminUrl(), dir.resolve("keys/auth-admin.token"));
        merchant = new Merchant(deployment, dir, clock);
    }

    @AfterAll
    static void stop() {
        deployment.close();
    }

    // Item 4: the credit policy's cap holds whatever is done to the limit.

    @Test
    void settingTheLimitToItsOwnValueDoesNotLiftThePolicysCapForReservations() {
        // No bureau record: a thin history, which the policy caps at 3,000 a month.
        String id = newSubscriber("credit", 10_000, null);
        List<ApprovalResponse> approvals = List.of(approve(id, "video"), approve(id, "video"), approve(id, "video"));
        merchant.judge(approvals.get(0));
        merchant.judge(approvals.get(1));

        var unchanged = putAsSubscriber(id, "/v1/subscriber/limit", new AmountRequest(Money.of(10_000, "JPY")));
        assertThat(unchanged.statusCode()).as(unchanged.body()).isEqualTo(200);

        assertRefused(() -> merchant.judge(approvals.get(2)), ErrorCode.LIMIT_EXCEEDED);
        assertThat(budget(id)).containsExactly("3000", "2400", "0");
    }

    @Test
    void anOperatorRaisingTheLimitStillMeetsThePolicysCap() {
        String id = newSubscriber("credit", 10_000, null);
        List<ApprovalResponse> approvals = List.of(approve(id, "video"), approve(id, "video"), approve(id, "video"));
        merchant.judge(approvals.get(0));
        merchant.judge(approvals.get(1));

        var view = operator.send("PUT", "/v1/admin/subscribers/" + id + "/limit", new AmountRequest(Money.of(20_000, "JPY")));

        assertRefused(() -> merchant.judge(approvals.get(2)), ErrorCode.LIMIT_EXCEEDED);
        assertThat(budget(id)).containsExactly("3000", "2400", "0");
        assertThat(view.get("limit").get("amount").asLong()).isEqualTo(3_000);
    }

    // Item 10: a limit below what is already used is refused, and every answer agrees on the limit.

    @Test
    void aLimitBelowWhatIsUsedIsRefusedAndEveryAnswerAgreesOnTheLimit() throws Exception {
        String id = newSubscriber("credit", 1_000, null);
        merchant.judge(approve(id, "game"));

        var refused = putAsSubscriber(id, "/v1/subscriber/limit", new AmountRequest(Money.of(300, "JPY")));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(Json.MAPPER.readTree(refused.body()).get("code").asText()).isEqualTo("limit_below_used");
        assertThat(terminal.history(id, pw(id)).limit().amount()).isEqualTo(1_000);
        assertThat(getAsSubscriber(id, "/v1/subscriber/statement").get("limit").get("amount").asLong()).isEqualTo(1_000);
        assertThat(operator.get("/v1/admin/subscribers/" + id).get("limit").get("amount").asLong()).isEqualTo(1_000);
        assertThat(rows(dir, "auth", "SELECT credit_limit FROM subscriber WHERE id = '" + id + "'")).containsExactly(List.of("1000"));
        assertThat(budget(id)).containsExactly("1000", "500", "0");
        // Exactly what is used is a limit the subscriber may choose: nothing more can be bought.
        var toUsed = putAsSubscriber(id, "/v1/subscriber/limit", new AmountRequest(Money.of(500, "JPY")));
        assertThat(toUsed.statusCode()).as(toUsed.body()).isEqualTo(200);
        assertThat(terminal.history(id, pw(id)).limit().amount()).isEqualTo(500);
        assertRefused(() -> approve(id, "wallpaper"), ErrorCode.LIMIT_EXCEEDED);
    }

    @Test
    void anOperatorLimitBelowWhatIsUsedIsRefusedToo() {
        String id = newSubscriber("credit", 1_000, null);
        merchant.notify(merchant.judge(approve(id, "game")), "stl_below_" + id);

        assertThatThrownBy(() -> operator.send("PUT", "/v1/admin/subscribers/" + id + "/limit", new AmountRequest(Money.of(499, "JPY"))))
                .isInstanceOfSatisfying(ContentpayException.class, e -> assertThat(e.code().code()).isEqualTo("limit_below_used"));
        assertThat(operator.get("/v1/admin/subscribers/" + id).get("limit").get("amount").asLong()).isEqualTo(1_000);
        assertThat(terminal.history(id, pw(id)).limit().amount()).isEqualTo(1_000);
        assertThat(rows(dir, "auth", "SELECT COUNT(*) FROM audit_event WHERE kind = 'LIMIT_CHANGED' AND subscriber_id = '" + id + "'"))
                .containsExactly(List.of("0"));
    }

    // Item 9: a refund takes back the points its charge earned.

    @Test
    void aRefundTakesBackThePointsItsChargeEarnedOnceAndShowsItOnTheStatement() {
        String id = newSubscriber("points", 500, null);
        ApprovalResponse approval = approve(id, "game");
        JudgeResponse allowance = merchant.judge(approval);
        merchant.notify(allowance, "stl_pts_" + id);
        assertThat(terminal.history(id, pw(id)).remaining().amount()).isEqualTo(100);

        merchant.refund(allowance, "stl_pts_" + id);
        merchant.refund(allowance, "stl_pts_" + id);

        assertThat(terminal.history(id, pw(id)).remaining().amount()).isEqualTo(500);
        assertThat(budget(id)).containsExactly("500", "0", "0");
        JsonNode statement = operator.get("/v1/admin/subscribers/" + id + "/statement");
        assertThat(statement.get("lines").findValuesAsText("kind")).containsExactly("charge", "points_earned", "refund", "points_revoked");
        assertThat(statement.get("lines").get(3).get("amount").get("amount").asLong()).isEqualTo(100);
        assertThat(statement.get("remaining").get("amount").asLong()).isEqualTo(500);
        assertThat(rows(dir, "auth", "SELECT kind, amount FROM use_entry WHERE approval_id = '" + approval.approvalId() + "' ORDER BY recorded_at, kind"))
                .containsExactlyInAnyOrder(List.of("CHARGE", "500"), List.of("POINTS_EARNED", "100"), List.of("REFUND", "500"),
                        List.of("POINTS_REVOKED", "100"));
        assertThat(rows(dir, "auth", "SELECT COUNT(*), SUM(amount) FROM audit_event WHERE kind = 'POINTS_REVOKED' AND subscriber_id = '" + id + "'"))
                .containsExactly(List.of("1", "100"));
    }

    @Test
    void earnedPointsAlreadySpentAreTakenBackFromWhatTheRefundGivesBack() {
        String id = newSubscriber("points", 500, null);
        JudgeResponse game = merchant.judge(approve(id, "game"));
        merchant.notify(game, "stl_game_" + id);
        // The game earned 100 points, and they pay for the wallpaper (which earns 20 of its own).
        merchant.notify(merchant.judge(approve(id, "wallpaper")), "stl_wp_" + id);
        assertThat(terminal.history(id, pw(id)).remaining().amount()).isEqualTo(20);

        merchant.refund(game, "stl_game_" + id);

        // 500 back, less the 100 points the game earned and that are spent already.
        assertThat(terminal.history(id, pw(id)).remaining().amount()).isEqualTo(420);
        assertThat(budget(id)).containsExactly("520", "0", "100");
    }

    // Item 11: the audit log comes newest first, in one fixed order.

    @Test
    void theAuditLogComesNewestFirstSoALimitGivesTheNewest() {
        String id = newSubscriber("prepaid", 100, null);
        clock.advance(Duration.ofSeconds(1));
        operator.send("POST", "/v1/admin/subscribers/" + id + "/top-ups", new AmountRequest(Money.of(200, "JPY")));
        clock.advance(Duration.ofSeconds(1));
        operator.send("POST", "/v1/admin/subscribers/" + id + "/suspend", null);

        var newest = operator.get("/v1/admin/audit?subscriber=" + id + "&limit=1");
        var all = operator.get("/v1/admin/audit?subscriber=" + id);

        assertThat(newest.findValuesAsText("kind")).containsExactly("subscriber_suspended");
        assertThat(all.findValuesAsText("kind")).containsExactly("subscriber_suspended", "topped_up", "subscriber_registered");
    }

    @Test
    void eventsOfTheSameMillisecondComeInOneFixedOrderSoPagesNeitherRepeatNorSkip() {
        String id = newSubscriber("prepaid", 100, null);
        clock.stop();
        try {
            for (int i = 1; i <= 9; i++) {
                operator.send("POST", "/v1/admin/subscribers/" + id + "/top-ups", new AmountRequest(Money.of(i, "JPY")));
            }
        } finally {
            clock.restart();
        }
        List<String> all = operator.get("/v1/admin/audit?subscriber=" + id + "&kind=topped_up").findValuesAsText("id");
        assertThat(all).hasSize(9);
        assertThat(operator.get("/v1/admin/audit?subscriber=" + id + "&kind=topped_up").findValuesAsText("id")).isEqualTo(all);

        List<String> paged = new ArrayList<>();
        String before = null;
        for (int page = 0; page < 10; page++) {
            var events = operator.get("/v1/admin/audit?subscriber=" + id + "&kind=topped_up&limit=2" + (before == null ? "" : "&before=" + before));
            if (events.isEmpty()) break;
            events.findValuesAsText("id").forEach(paged::add);
            before = events.get(events.size() - 1).get("id").asText();
        }

        assertThat(paged).isEqualTo(all);
        assertThat(operator.get("/v1/admin/audit?subscriber=" + id + "&kind=topped_up&limit=3&before=" + all.get(5)).findValuesAsText("id"))
                .isEqualTo(all.subList(6, 9));
    }

    @Test
    void aPageAfterAnEventThatIsNotInTheLogIsRefused() {
        assertThatThrownBy(() -> operator.get("/v1/admin/audit?before=aud_nosuchevent"))
                .isInstanceOfSatisfying(ContentpayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
    }

    /** Registers a fresh subscriber with the PIN never asked and returns its id. */
    static String newSubscriber(String kind, long limit, String bureauReference) {
        String id = "lpa-" + subscribers.incrementAndGet();
        operator.send("POST", "/v1/admin/subscribers", new RegisterSubscriberRequest(id, "Test " + id, id + "-password", "4321", kind,
                Money.of(limit, "JPY"), bureauReference, null));
        return id;
    }

    static char[] pw(String id) {
        return (id + "-password").toCharArray();
    }

    /** The subscriber's approval of one item, with the PIN given should the issuer ask for it. */
    static ApprovalResponse approve(String id, String item) {
        return terminal.approve(id, pw(id), terminal.select(deployment.shop().url(), item), purpose -> "4321".toCharArray());
    }

    /** cap, reserved, charged of the subscriber's current budget. */
    private static List<String> budget(String id) {
        return rows(dir, "auth", "SELECT cap, reserved, charged FROM budget WHERE subscriber_id = '" + id + "'").get(0);
    }

    private static HttpResponse<String> putAsSubscriber(String id, String path, Object body) {
        return TestDeployment.putJson(deployment.auth().url().resolve(path), id, pw(id), body);
    }

    private static JsonNode getAsSubscriber(String id, String path) {
        String basic = Base64.getEncoder().encodeToString((id + ":" + new String(pw(id))).getBytes(StandardCharsets.UTF_8));
        var request = HttpRequest.newBuilder(URI.create(deployment.auth().url() + path)).header("Authorization", "Basic " + basic).GET().build();
        try {
            var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return Json.MAPPER.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
