package dev.contentpay.e2e;

import dev.contentpay.platform.time.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.ApprovalResponse;
import dev.contentpay.protocol.JudgeResponse;
import dev.contentpay.protocol.admin.AmountRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
    static IssuerTestbed issuer;

    @BeforeAll
    static void start() {
        issuer = IssuerTestbed.start(dir, clock, Map.of("points.earn-percent", Integer.toString(EARN_PERCENT)), "lpa");
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    // Item 4: the credit policy's cap holds whatever is done to the limit.

    @Test
    void settingTheLimitToItsOwnValueDoesNotLiftThePolicysCapForReservations() {
        // No bureau record: a thin history, which the policy caps at 3,000 a month.
        String id = newSubscriber("credit", 10_000);
        ApprovalResponse third = twoOfThreeVideosJudged(id);

        var unchanged = putAsSubscriber(id, "/v1/subscriber/limit", new AmountRequest(Money.of(10_000, "JPY")));
        assertThat(unchanged.statusCode()).as(unchanged.body()).isEqualTo(200);

        assertRefused(() -> issuer.merchant().judge(third), ErrorCode.LIMIT_EXCEEDED);
        assertThat(budget(id)).containsExactly("3000", "2400", "0");
    }

    @Test
    void anOperatorRaisingTheLimitStillMeetsThePolicysCap() {
        String id = newSubscriber("credit", 10_000);
        ApprovalResponse third = twoOfThreeVideosJudged(id);

        var view = issuer.operator().send("PUT", "/v1/admin/subscribers/" + id + "/limit", new AmountRequest(Money.of(20_000, "JPY")));

        assertRefused(() -> issuer.merchant().judge(third), ErrorCode.LIMIT_EXCEEDED);
        assertThat(budget(id)).containsExactly("3000", "2400", "0");
        assertThat(view.get("limit").get("amount").asLong()).isEqualTo(3_000);
    }

    // Item 10: a limit below what is already used is refused, and every answer agrees on the limit.

    @Test
    void aLimitBelowWhatIsUsedIsRefusedAndEveryAnswerAgreesOnTheLimit() throws Exception {
        String id = newSubscriber("credit", 1_000);
        issuer.merchant().judge(approve(id, "game"));

        var refused = putAsSubscriber(id, "/v1/subscriber/limit", new AmountRequest(Money.of(300, "JPY")));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(Json.MAPPER.readTree(refused.body()).get("code").asText()).isEqualTo("limit_below_used");
        assertThat(issuer.terminal().history(id, pw(id)).limit().amount()).isEqualTo(1_000);
        assertThat(getAsSubscriber(id, "/v1/subscriber/statement").get("limit").get("amount").asLong()).isEqualTo(1_000);
        assertThat(issuer.operator().get("/v1/admin/subscribers/" + id).get("limit").get("amount").asLong()).isEqualTo(1_000);
        assertThat(rows(dir, "auth", "SELECT credit_limit FROM subscriber WHERE id = '" + id + "'")).containsExactly(List.of("1000"));
        assertThat(budget(id)).containsExactly("1000", "500", "0");
        // Exactly what is used is a limit the subscriber may choose: nothing more can be bought.
        var toUsed = putAsSubscriber(id, "/v1/subscriber/limit", new AmountRequest(Money.of(500, "JPY")));
        assertThat(toUsed.statusCode()).as(toUsed.body()).isEqualTo(200);
        assertThat(issuer.terminal().history(id, pw(id)).limit().amount()).isEqualTo(500);
        assertRefused(() -> approve(id, "wallpaper"), ErrorCode.LIMIT_EXCEEDED);
    }

    @Test
    void anOperatorLimitBelowWhatIsUsedIsRefusedToo() {
        String id = newSubscriber("credit", 1_000);
        issuer.merchant().notify(issuer.merchant().judge(approve(id, "game")), "stl_below_" + id);

        assertThatThrownBy(() -> issuer.operator().send("PUT", "/v1/admin/subscribers/" + id + "/limit", new AmountRequest(Money.of(499, "JPY"))))
                .isInstanceOfSatisfying(ContentpayException.class, e -> assertThat(e.code().code()).isEqualTo("limit_below_used"));
        assertThat(issuer.operator().get("/v1/admin/subscribers/" + id).get("limit").get("amount").asLong()).isEqualTo(1_000);
        assertThat(issuer.terminal().history(id, pw(id)).limit().amount()).isEqualTo(1_000);
        assertThat(rows(dir, "auth", "SELECT COUNT(*) FROM audit_event WHERE kind = 'LIMIT_CHANGED' AND subscriber_id = '" + id + "'"))
                .containsExactly(List.of("0"));
    }

    // Item 9: a refund takes back the points its charge earned.

    @Test
    void aRefundTakesBackThePointsItsChargeEarnedOnceAndShowsItOnTheStatement() {
        String id = newSubscriber("points", 500);
        ApprovalResponse approval = approve(id, "game");
        JudgeResponse allowance = issuer.merchant().judge(approval);
        issuer.merchant().notify(allowance, "stl_pts_" + id);
        assertThat(issuer.terminal().history(id, pw(id)).remaining().amount()).isEqualTo(100);

        issuer.merchant().refund(allowance, "stl_pts_" + id);
        issuer.merchant().refund(allowance, "stl_pts_" + id);

        assertThat(issuer.terminal().history(id, pw(id)).remaining().amount()).isEqualTo(500);
        assertThat(budget(id)).containsExactly("500", "0", "0");
        JsonNode statement = issuer.operator().get("/v1/admin/subscribers/" + id + "/statement");
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
        String id = newSubscriber("points", 500);
        JudgeResponse game = issuer.merchant().judge(approve(id, "game"));
        issuer.merchant().notify(game, "stl_game_" + id);
        // The game earned 100 points, and they pay for the wallpaper (which earns 20 of its own).
        issuer.merchant().notify(issuer.merchant().judge(approve(id, "wallpaper")), "stl_wp_" + id);
        assertThat(issuer.terminal().history(id, pw(id)).remaining().amount()).isEqualTo(20);

        issuer.merchant().refund(game, "stl_game_" + id);

        // 500 back, less the 100 points the game earned and that are spent already.
        assertThat(issuer.terminal().history(id, pw(id)).remaining().amount()).isEqualTo(420);
        assertThat(budget(id)).containsExactly("520", "0", "100");
    }

    // Item 11: the audit log comes newest first, in one fixed order.

    @Test
    void theAuditLogComesNewestFirstSoALimitGivesTheNewest() {
        String id = newSubscriber("prepaid", 100);
        clock.advance(Duration.ofSeconds(1));
        issuer.operator().send("POST", "/v1/admin/subscribers/" + id + "/top-ups", new AmountRequest(Money.of(200, "JPY")));
        clock.advance(Duration.ofSeconds(1));
        issuer.operator().send("POST", "/v1/admin/subscribers/" + id + "/suspend", null);

        var newest = issuer.operator().get("/v1/admin/audit?subscriber=" + id + "&limit=1");
        var all = issuer.operator().get("/v1/admin/audit?subscriber=" + id);

        assertThat(newest.findValuesAsText("kind")).containsExactly("subscriber_suspended");
        assertThat(all.findValuesAsText("kind")).containsExactly("subscriber_suspended", "topped_up", "subscriber_registered");
    }

    @Test
    void eventsOfTheSameMillisecondComeInOneFixedOrderSoPagesNeitherRepeatNorSkip() {
        String id = newSubscriber("prepaid", 100);
        clock.stop();
        try {
            for (int i = 1; i <= 9; i++) {
                issuer.operator().send("POST", "/v1/admin/subscribers/" + id + "/top-ups", new AmountRequest(Money.of(i, "JPY")));
            }
        } finally {
            clock.restart();
        }
        List<String> all = issuer.operator().get("/v1/admin/audit?subscriber=" + id + "&kind=topped_up").findValuesAsText("id");
        assertThat(all).hasSize(9);
        assertThat(issuer.operator().get("/v1/admin/audit?subscriber=" + id + "&kind=topped_up").findValuesAsText("id")).isEqualTo(all);

        List<String> paged = new ArrayList<>();
        String before = null;
        for (int page = 0; page < 10; page++) {
            var events = issuer.operator().get("/v1/admin/audit?subscriber=" + id + "&kind=topped_up&limit=2" + (before == null ? "" : "&before=" + before));
            if (events.isEmpty()) break;
            events.findValuesAsText("id").forEach(paged::add);
            before = events.get(events.size() - 1).get("id").asText();
        }

        assertThat(paged).isEqualTo(all);
        assertThat(issuer.operator().get("/v1/admin/audit?subscriber=" + id + "&kind=topped_up&limit=3&before=" + all.get(5)).findValuesAsText("id"))
                .isEqualTo(all.subList(6, 9));
    }

    @Test
    void aPageAfterAnEventThatIsNotInTheLogIsRefused() {
        assertThatThrownBy(() -> issuer.operator().get("/v1/admin/audit?before=aud_nosuchevent"))
                .isInstanceOfSatisfying(ContentpayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
    }

    /** cap, reserved, charged of the subscriber's current budget. */
    private static List<String> budget(String id) {
        return rows(dir, "auth", "SELECT cap, reserved, charged FROM budget WHERE subscriber_id = '" + id + "'").get(0);
    }

    private static HttpResponse<String> putAsSubscriber(String id, String path, Object body) {
        return TestDeployment.putJson(issuer.deployment().auth().url().resolve(path), id, pw(id), body);
    }

    private static JsonNode getAsSubscriber(String id, String path) throws Exception {
        var response = TestDeployment.getWithBasic(issuer.deployment().auth().url().resolve(path), id, pw(id));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }

    private static String newSubscriber(String kind, long limit) {
        return issuer.register(kind, limit, null);
    }

    private static char[] pw(String id) {
        return IssuerTestbed.password(id);
    }

    private static ApprovalResponse approve(String id, String item) {
        return issuer.approve(id, item);
    }

    /** Two of three approvals of a video (1,200 each) judged, for a subscriber the policy caps at 3,000: the third is left. */
    private static ApprovalResponse twoOfThreeVideosJudged(String id) {
        List<ApprovalResponse> approvals = List.of(approve(id, "video"), approve(id, "video"), approve(id, "video"));
        issuer.merchant().judge(approvals.get(0));
        issuer.merchant().judge(approvals.get(1));
        return approvals.get(2);
    }
}
