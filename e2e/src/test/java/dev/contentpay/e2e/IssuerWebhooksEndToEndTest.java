package dev.contentpay.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contentpay.client.PinPrompt;
import dev.contentpay.client.TerminalCredential;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.crypto.WebhookSignatures;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.money.Money;
import dev.contentpay.platform.time.MutableClock;
import dev.contentpay.protocol.ApprovalResponse;
import dev.contentpay.protocol.ApprovalState;
import dev.contentpay.protocol.IssuerEvent;
import dev.contentpay.protocol.Receipt;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static dev.contentpay.e2e.TestDeployment.assertRefused;
import static dev.contentpay.e2e.TestDeployment.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The issuer's events pushed to the merchant as signed webhooks, over the real servers: while the
 * merchant's settlement server is down the events wait and are retried on the issuer's schedule
 * (one given up after three days and sent again by the operator), and once it is back each is
 * applied exactly once although copies arrive before the issuer's own retry, twice and out of
 * order; forged, altered and stale webhooks are refused; the merchant's feed replays from any
 * event; and a terminal asks auth what became of its approval, which no other subscriber may.
 */
class IssuerWebhooksEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static MutableClock clock = new MutableClock();
    static IssuerTestbed issuer;

    @BeforeAll
    static void start() {
        issuer = IssuerTestbed.start(dir, clock, Map.of("webhook.poll-interval", "200ms"), "whk");
    }

    @AfterAll
    static void stop() {
        if (issuer != null) issuer.close();
    }

    @Test
    void eventsWaitForAMerchantThatIsDownAndAreAppliedOnceDespiteDuplicatesAndReordering() throws Exception {
        String buyer = issuer.register("prepaid", 5_000, null);
        TerminalCredential phone = issuer.terminal().enroll(buyer, IssuerTestbed.password(buyer), "phone");
        Receipt receipt = issuer.terminal().buy(issuer.deployment().shop().url(), phone, "game", PinPrompt.NONE).receipt();
        await(() -> "CHARGED".equals(approval(receipt.approvalId(), "status")));
        assertThat(terminal().approvalState(phone, receipt.approvalId()).status()).isEqualTo("charged");
        // The same from the command line (its proofs carry the machine's time: this test moves the deployment's clock only later).
        Path credential = dir.resolve("phone-" + buyer + ".json");
        phone.save(credential);
        Cli.Run asked = Cli.run("", "approval-state", "--credential", credential.toString(), receipt.approvalId());
        assertThat(asked.exit()).as(asked.all()).isZero();
        assertThat(asked.out()).contains("Approval " + receipt.approvalId() + ": charged.", "500 JPY, 0 JPY refunded");
        Cli.Run strangers = Cli.run("", "approval-state", "--credential", credential.toString(), "apv_someone_elses");
        assertThat(strangers.exit()).isEqualTo(1);

        // The merchant's settlement server goes down.
        issuer.deployment().settlement().close();
        try {
            whileDown(buyer, phone, receipt);
        } finally {
            if (!running()) issuer.deployment().settlement().start();
        }
    }

    private static boolean running() {
        try {
            issuer.deployment().settlement().url();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private void whileDown(String buyer, TerminalCredential phone, Receipt receipt) throws Exception {

        // An allowance voided while it is down is retried for three days, then given up and shown to the operator.
        ApprovalResponse voided = issuer.approve(buyer, "ringtone");
        issuer.merchant().judge(voided);
        issuer.merchant().voidApproval(voided.approvalId());
        String voidEvent = eventOf(voided.approvalId(), IssuerEvent.ALLOWANCE_VOIDED);
        await(() -> attempts(voidEvent) >= 1);
        assertThat(delivery(voidEvent).get(1)).isEqualTo("settlement_unavailable");
        for (Duration step : List.of(Duration.ofSeconds(10), Duration.ofMinutes(2), Duration.ofMinutes(15), Duration.ofHours(2),
                Duration.ofHours(5), Duration.ofHours(9), Duration.ofHours(9), Duration.ofHours(9), Duration.ofHours(9), Duration.ofHours(9),
                Duration.ofHours(9), Duration.ofHours(9), Duration.ofHours(9))) {
            int before = attempts(voidEvent);
            clock.advance(step);
            issuer.deployment().auth().deliverWebhooks();
            await(() -> attempts(voidEvent) > before || "FAILED".equals(status(voidEvent)));
        }
        await(() -> "FAILED".equals(status(voidEvent)));
        JsonNode failed = issuer.operator().get("/v1/admin/webhook-deliveries?status=failed");
        assertThat(failed.findValuesAsText("eventId")).contains(voidEvent);
        Cli.Run listed = Cli.run("", "admin", "--admin-url", issuer.deployment().auth().adminUrl().toString(),
                "--token-file", dir.resolve("keys/auth-admin.token").toString(), "webhooks", "list");
        assertThat(listed.exit()).as(listed.all()).isZero();
        assertThat(listed.out()).contains(voidEvent, "settlement_unavailable", "\"failed\"");

        // Two more while it is still down: an approval expired unused, and a part of the purchase refunded.
        ApprovalResponse unused = issuer.approve(buyer, "ringtone");
        clock.advance(Duration.ofMinutes(6));
        issuer.deployment().auth().sweep();
        List<String> allowance = rows(dir, "auth", "SELECT allowance_id, settlement_id FROM approval WHERE id = '" + receipt.approvalId() + "'").get(0);
        issuer.merchant().refund(allowance.get(0), allowance.get(1), "rfd_whk_part", Money.of(100, "JPY"));
        String expiredEvent = eventOf(unused.approvalId(), IssuerEvent.APPROVAL_EXPIRED);
        String refundEvent = eventOf(receipt.approvalId(), IssuerEvent.REFUND_APPLIED);
        await(() -> attempts(expiredEvent) >= 1 && attempts(refundEvent) >= 1);
        clock.advance(Duration.ofSeconds(10));
        issuer.deployment().auth().deliverWebhooks();
        assertThat(status(expiredEvent)).isEqualTo("PENDING");
        assertThat(rows(dir, "settlement", "SELECT COUNT(*) FROM issuer_event WHERE event_id IN ('" + expiredEvent + "', '" + refundEvent + "')"))
                .containsExactly(List.of("0"));

        // The terminal's view at the issuer meanwhile; another subscriber's terminal is told nothing.
        ApprovalState state = terminal().approvalState(phone, receipt.approvalId());
        assertThat(state.status()).isEqualTo("refunded_partly");
        assertThat(state.refunded()).isEqualTo(Money.of(100, "JPY"));
        assertThat(terminal().approvalState(phone, unused.approvalId()).status()).isEqualTo("expired");
        String stranger = issuer.register("prepaid", 5_000, null);
        TerminalCredential strangersPhone = issuer.terminal().enroll(stranger, IssuerTestbed.password(stranger), "phone");
        assertRefused(() -> terminal().approvalState(strangersPhone, receipt.approvalId()), ErrorCode.NOT_FOUND);

        // It comes back. Before the issuer's next attempt, copies arrive out of order and twice.
        issuer.deployment().settlement().start();
        assertThat(post(bodyOf(refundEvent), refundEvent, issuerWebhookKey()).body()).contains("\"applied\"");
        assertThat(post(bodyOf(expiredEvent), expiredEvent, issuerWebhookKey()).body()).contains("\"applied\"");
        assertThat(post(bodyOf(refundEvent), refundEvent, issuerWebhookKey()).body()).contains("\"duplicate\"");
        // Then the issuer's own retry, which the merchant answers 2xx as a duplicate.
        clock.advance(Duration.ofHours(1));
        issuer.deployment().auth().deliverWebhooks();
        await(() -> "DELIVERED".equals(status(expiredEvent)) && "DELIVERED".equals(status(refundEvent)));
        assertThat(status(voidEvent)).as("a failed delivery waits for the operator").isEqualTo("FAILED");

        // The operator sends the given-up one again; it is delivered, once.
        Cli.Run redelivered = Cli.run("", "admin", "--admin-url", issuer.deployment().auth().adminUrl().toString(),
                "--token-file", dir.resolve("keys/auth-admin.token").toString(), "webhooks", "redeliver", voidEvent);
        assertThat(redelivered.exit()).as(redelivered.all()).isZero();
        await(() -> "DELIVERED".equals(status(voidEvent)));
        assertRefused(() -> issuer.operator().send("POST", "/v1/admin/webhook-deliveries/" + voidEvent + "/redeliver", null),
                ErrorCode.WEBHOOK_NOT_FAILED);

        String ids = "('" + voidEvent + "', '" + expiredEvent + "', '" + refundEvent + "')";
        assertThat(rows(dir, "settlement", "SELECT event_id, type, matched FROM issuer_event WHERE event_id IN " + ids)).containsExactlyInAnyOrder(
                List.of(voidEvent, IssuerEvent.ALLOWANCE_VOIDED, "unsettled"),
                List.of(expiredEvent, IssuerEvent.APPROVAL_EXPIRED, "recorded"),
                List.of(refundEvent, IssuerEvent.REFUND_APPLIED, "unknown"));
        String approvals = "('" + voided.approvalId() + "', '" + unused.approvalId() + "', '" + receipt.approvalId() + "')";
        assertThat(rows(dir, "settlement", "SELECT COUNT(*) FROM event WHERE type = 'issuer_event' AND subject IN " + approvals))
                .as("one entry in the merchant's event feed per event").containsExactly(List.of("3"));
    }

    @Test
    void aRefundStartedByTheMerchantIsConfirmedOnceAndTheFeedReplaysFromAnyEvent() throws Exception {
        String buyer = issuer.register("prepaid", 5_000, null);
        Receipt receipt = issuer.terminal().buy(issuer.deployment().shop().url(), buyer, IssuerTestbed.password(buyer), "game").receipt();
        await(() -> "CHARGED".equals(approval(receipt.approvalId(), "status")));
        var settlementOperator = new dev.contentpay.app.operator.OperatorClient(issuer.deployment().settlement().url(),
                dir.resolve("keys/settlement-admin.token"));
        for (int amount : new int[]{200, 300}) {
            settlementOperator.send("POST", "/v1/admin/refunds", new dev.contentpay.settlement.operator.AdminRefundRequest(receipt.settlementId(),
                    Money.of(amount, "JPY"), null));
        }
        await(() -> rows(dir, "settlement", "SELECT COUNT(*) FROM issuer_event WHERE approval_id = '" + receipt.approvalId() + "' AND matched = 'confirmed'")
                .equals(List.of(List.of("2"))));
        await(() -> "REFUNDED".equals(approval(receipt.approvalId(), "status")));
        assertThat(rows(dir, "settlement", "SELECT COUNT(*) FROM refund WHERE settlement_id = '" + receipt.settlementId() + "'"))
                .as("the events confirm the merchant's refunds and add none").containsExactly(List.of("2"));

        // The whole feed, then replayed from its second event.
        List<IssuerEvent> all = page(null, 1000).events();
        assertThat(all).extracting(IssuerEvent::id).doesNotHaveDuplicates();
        assertThat(all).allSatisfy(e -> assertThat(e.merchantId()).isEqualTo("sakura"));
        assertThat(all.size()).isGreaterThanOrEqualTo(2);
        IssuerEvent.Page rest = page(all.get(0).id(), 1000);
        assertThat(rest.events()).isEqualTo(all.subList(1, all.size()));
        assertThat(rest.next()).isNull();
        IssuerEvent.Page one = page(all.get(0).id(), 1);
        assertThat(one.events()).containsExactly(all.get(1));
        assertThat(one.next()).isEqualTo(all.get(1).id());
        assertRefused(() -> issuer.merchant().events("not*an*id", 10), ErrorCode.VALIDATION_FAILED);
        assertRefused(() -> issuer.merchant().events(null, 1001), ErrorCode.VALIDATION_FAILED);

        // The merchant's operator replays the feed into settlement: everything was applied already, so nothing changes.
        int before = Integer.parseInt(rows(dir, "settlement", "SELECT COUNT(*) FROM issuer_event").get(0).get(0));
        Cli.Run replay = Cli.run("", "issuer-events", "--all", "--limit", "2", "--json", "--settlement", issuer.deployment().settlement().url().toString(),
                "--token-file", dir.resolve("keys/settlement-admin.token").toString());
        assertThat(replay.exit()).as(replay.all()).isZero();
        assertThat(Json.MAPPER.readTree(replay.out()).get("events").findValuesAsText("status")).hasSize(all.size()).containsOnly("duplicate");
        assertThat(rows(dir, "settlement", "SELECT COUNT(*) FROM issuer_event")).containsExactly(List.of(Integer.toString(before)));
    }

    @Test
    void forgedAlteredAndStaleWebhooksAreRefused() throws Exception {
        var key = issuerWebhookKey();
        String id = "evt_" + dev.contentpay.platform.id.Ids.sortableToken(clock.millis(), 16);
        byte[] body = Json.write(new IssuerEvent(id, IssuerEvent.APPROVAL_EXPIRED, "sakura", "apr_forged", null, null, null,
                Money.of(500, "JPY"), null, clock.instant(), "live"));
        long now = clock.instant().getEpochSecond();

        HttpResponse<String> altered = send(body, id, now, WebhookSignatures.sign(key, id, now, "{}".getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> stale = send(body, id, now - 301, WebhookSignatures.sign(key, id, now - 301, body));
        // The approval-signing key is not the webhook key: one key per role.
        HttpResponse<String> wrongKey = send(body, id, now, WebhookSignatures.sign(KeyFiles.loadOrCreate(dir.resolve("keys/auth.jwk"), "x"), id, now, body));
        HttpResponse<String> unsigned = send(body, id, now, null);
        for (var refused : List.of(altered, stale, wrongKey, unsigned)) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
            assertThat(Json.MAPPER.readTree(refused.body()).get("code").asText()).isEqualTo("webhook_unauthenticated");
        }
        HttpResponse<String> otherId = send(body, id + "x", now, WebhookSignatures.sign(key, id + "x", now, body));
        assertThat(otherId.statusCode()).isEqualTo(400);
        assertThat(rows(dir, "settlement", "SELECT COUNT(*) FROM issuer_event WHERE event_id = '" + id + "'")).containsExactly(List.of("0"));

        assertThat(post(body, id, key).body()).contains("\"applied\"");
        assertThat(post(body, id, key).body()).contains("\"duplicate\"");
    }

    /** The terminal on the deployment's clock, which these tests move: its proofs carry that clock's time. */
    private static dev.contentpay.client.ContentpayClient terminal() {
        return new dev.contentpay.client.ContentpayClient(issuer.deployment().auth().url(), clock);
    }

    private static IssuerEvent.Page page(String after, int limit) throws Exception {
        var response = issuer.merchant().events(after, limit);
        assertThat(response.status()).isEqualTo(200);
        return Json.readAnswer(response.body(), IssuerEvent.Page.class);
    }

    private static com.nimbusds.jose.jwk.JWK issuerWebhookKey() {
        return KeyFiles.loadOrCreate(dir.resolve("keys/auth-webhook.jwk"), "unused");
    }

    private static HttpResponse<String> post(byte[] body, String id, com.nimbusds.jose.jwk.JWK key) throws Exception {
        long now = clock.instant().getEpochSecond();
        HttpResponse<String> response = send(body, id, now, WebhookSignatures.sign(key, id, now, body));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    private static HttpResponse<String> send(byte[] body, String id, long timestamp, String signature) throws Exception {
        URI uri = issuer.deployment().settlement().url().resolve("/v1/issuer-events");
        var request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header(WebhookSignatures.ID_HEADER, id).header(WebhookSignatures.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header("Idempotency-Key", id);
        if (signature != null) request.header(WebhookSignatures.SIGNATURE_HEADER, signature);
        return HTTP.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String approval(String id, String column) {
        return rows(dir, "auth", "SELECT " + column + " FROM approval WHERE id = '" + id + "'").get(0).get(0);
    }

    private static String eventOf(String approvalId, String type) {
        var found = rows(dir, "auth", "SELECT id FROM merchant_event WHERE approval_id = '" + approvalId + "' AND type = '" + type + "'");
        assertThat(found).as("one %s event for %s", type, approvalId).hasSize(1);
        return found.get(0).get(0);
    }

    private static byte[] bodyOf(String eventId) {
        return rows(dir, "auth", "SELECT body FROM merchant_event WHERE id = '" + eventId + "'").get(0).get(0).getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> delivery(String eventId) {
        return rows(dir, "auth", "SELECT status, last_error FROM merchant_event WHERE id = '" + eventId + "'").get(0);
    }

    private static String status(String eventId) {
        return delivery(eventId).get(0);
    }

    private static int attempts(String eventId) {
        return Integer.parseInt(rows(dir, "auth", "SELECT attempts FROM merchant_event WHERE id = '" + eventId + "'").get(0).get(0));
    }

    private static void await(Supplier<Boolean> condition) {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!condition.get()) {
            if (Instant.now().isAfter(deadline)) throw new AssertionError("condition not met within " + PATIENCE);
            TestDeployment.sleep(50);
        }
    }
}
