package dev.contentpay.settlement;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contentpay.platform.http.Json;
import dev.contentpay.protocol.Receipt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Messages the issuer never acknowledged wait on the dead-letter list, survive restarts, and are resent by the operator. */
class DeadLetterTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    Harness harness;

    @BeforeEach
    void start() {
        harness = Harness.start(dir, Map.of("notice.max-attempts", "2"));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void aDeadNoticeIsListedForTheOperatorWithItsLastError() throws Exception {
        harness.auth.noticesDown = true;
        Receipt receipt = harness.settle(harness.sale());

        JsonNode dead = awaitDead(1).get(0);

        assertThat(dead.get("kind").asText()).isEqualTo("notice");
        assertThat(dead.get("settlementId").asText()).isEqualTo(receipt.settlementId());
        assertThat(dead.get("status").asText()).isEqualTo("dead");
        assertThat(dead.get("attempts").asInt()).isEqualTo(2);
        assertThat(dead.get("lastError").asText()).isEqualTo("auth_unavailable");
        assertThat(harness.count("SELECT COUNT(*) FROM event WHERE type = 'dead_lettered'")).isEqualTo(1);
    }

    @Test
    void aResentDeadNoticeIsAppliedOnceAndLeavesTheList() throws Exception {
        harness.auth.noticesDown = true;
        Receipt receipt = harness.settle(harness.sale());
        String id = awaitDead(1).get(0).get("id").asText();
        harness.auth.noticesDown = false;

        HttpResponse<String> resent = harness.adminPost("/v1/admin/outbox/" + id + "/resend", "resend-1", "");

        assertThat(resent.statusCode()).isEqualTo(200);
        assertThat(Harness.field(resent, "status")).isIn("pending", "sent");
        String allowance = harness.text("SELECT allowance_id FROM settlement WHERE id = ?", receipt.settlementId());
        Harness.await(PATIENCE, () -> harness.auth.timesApplied(allowance) == 1);
        Harness.await(PATIENCE, () -> "SENT".equals(harness.text("SELECT status FROM outbox WHERE id = ?", id)));
        assertThat(deadList()).isEmpty();
        assertThat(harness.count("SELECT COUNT(*) FROM event WHERE type = 'resent'")).isEqualTo(1);
        assertThat(harness.count("SELECT COUNT(*) FROM event WHERE type = 'charged'")).isEqualTo(1);
    }

    @Test
    void resendingAMessageThatIsNotDeadChangesNothing() throws Exception {
        Receipt receipt = harness.settle(harness.sale());
        Harness.await(PATIENCE, () -> harness.server.pendingNotices() == 0);
        String id = harness.text("SELECT id FROM outbox WHERE settlement_id = ?", receipt.settlementId());

        HttpResponse<String> resent = harness.adminPost("/v1/admin/outbox/" + id + "/resend", "resend-sent", "");

        assertThat(resent.statusCode()).isEqualTo(200);
        assertThat(Harness.field(resent, "status")).isEqualTo("sent");
        Thread.sleep(300);
        assertThat(harness.auth.noticeAttempts).hasValue(1);
        assertThat(harness.adminPost("/v1/admin/outbox/obx_nothing/resend", "resend-missing", "").statusCode()).isEqualTo(404);
    }

    @Test
    void deadLettersSurviveARestartAndCanBeResentAfterIt() throws Exception {
        harness.auth.noticesDown = true;
        harness.settle(harness.sale());
        String id = awaitDead(1).get(0).get("id").asText();

        harness.restart();
        harness.auth.noticesDown = false;

        assertThat(deadList()).extracting(n -> n.get("id").asText()).containsExactly(id);
        Thread.sleep(300);
        assertThat(harness.auth.appliedNotices()).as("a dead letter waits for the operator").isEmpty();
        harness.adminPost("/v1/admin/outbox/" + id + "/resend", "resend-after-restart", "");
        Harness.await(PATIENCE, () -> harness.auth.appliedNotices().size() == 1);
    }

    @Test
    void theOutboxListNeedsTheOperator() {
        HttpResponse<String> response = Harness.sendText(java.net.http.HttpRequest.newBuilder(harness.server.url().resolve("/v1/admin/outbox")).GET().build());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(Harness.code(response)).isEqualTo("client_unauthenticated");
    }

    private JsonNode awaitDead(int n) throws Exception {
        Harness.await(PATIENCE, () -> {
            try {
                return deadList().size() >= n;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return deadList();
    }

    private JsonNode deadList() throws Exception {
        HttpResponse<String> response = harness.adminGet("/v1/admin/outbox?status=dead");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body()).get("messages");
    }
}
