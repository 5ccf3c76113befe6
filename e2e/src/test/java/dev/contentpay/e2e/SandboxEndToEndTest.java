package dev.contentpay.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contentpay.app.Deployment;
import dev.contentpay.app.operator.OperatorClient;
import dev.contentpay.auth.AuthConfig;
import dev.contentpay.auth.AuthServer;
import dev.contentpay.client.ContentpayClient;
import dev.contentpay.platform.config.ConfigException;
import dev.contentpay.platform.config.ConfigSource;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Json;
import dev.contentpay.protocol.ApprovalRequest;
import dev.contentpay.protocol.ApprovalResponse;
import dev.contentpay.protocol.IssuerEvent;
import dev.contentpay.protocol.PurchaseRequest;
import dev.contentpay.protocol.Receipt;
import dev.contentpay.protocol.SelectResponse;
import dev.contentpay.protocol.admin.SandboxFaultSetting;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static dev.contentpay.e2e.TestDeployment.assertRefused;
import static dev.contentpay.e2e.TestDeployment.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The merchant sandbox over the real servers: a sandbox issuer, shop and settlement server, each on
 * its own database and keys, beside a live deployment. A test subscriber buys in the sandbox; with
 * faults asked for (per purchase by header, per merchant by the operator's setting and command), the
 * merchant sees a duplicated webhook applied once, a delayed one arrive later, a dropped one found
 * in the issuer's feed, and a payment notice whose answer was dropped sent again by settlement and
 * charged once. Sandbox and live never mix: a sandbox approval is refused by the live settlement
 * server and by the live issuer's judgement with {@code sandbox_token} (a live approval by the
 * sandbox's likewise), a live issuer refuses the fault header and setting with {@code sandbox_only},
 * and a sandbox issuer does not start on the live issuer's database.
 */
class SandboxEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration DELAY = Duration.ofSeconds(2);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final char[] ALICE = TestDeployment.password("alice");

    @TempDir
    static Path sandboxDir;
    @TempDir
    static Path liveDir;
    static Deployment sandbox;
    static Deployment live;

    @BeforeAll
    static void start() {
        var sandboxed = Map.of("sandbox", "true");
        var auth = new java.util.HashMap<>(sandboxed);
        auth.putAll(Map.of("webhook.poll-interval", "100ms", "sandbox.fault-delay", DELAY.toSeconds() + "s"));
        sandbox = TestDeployment.start(sandboxDir, Map.of("auth", auth, "shop", sandboxed, "settlement", sandboxed));
        live = TestDeployment.start(liveDir, Map.of());
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) sandbox.close();
        if (live != null) live.close();
    }

    @Test
    void aDuplicatedWebhookAskedForByHeaderIsAppliedOnce() throws Exception {
        SelectResponse selection = terminal(sandbox).select(sandbox.shop().url(), "wallpaper");
        HttpResponse<String> approved = approveWithHeader(sandbox, selection, "duplicate-webhooks");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(201);
        ApprovalResponse approval = Json.read(approved.body().getBytes(), ApprovalResponse.class);
        Receipt receipt = terminal(sandbox).present(selection, approval);
        awaitCharged(approval.approvalId());

        long before = webhooksReceived();
        settlementOperator().refund(receipt.settlementId(), "sandbox duplicate");
        String event = awaitEvent(approval.approvalId(), IssuerEvent.REFUND_APPLIED);
        await(() -> webhooksReceived() >= before + 2);
        // Both copies reached the merchant; it applied the event once.
        assertThat(webhooksReceived() - before).isEqualTo(2);
        assertThat(rows(sandboxDir, "settlement", "SELECT COUNT(*) FROM issuer_event WHERE event_id = '" + event + "'"))
                .containsExactly(List.of("1"));
        assertThat(rows(sandboxDir, "auth", "SELECT status, attempts FROM merchant_event WHERE id = '" + event + "'"))
                .containsExactly(List.of("DELIVERED", "1"));
    }

    @Test
    void theMerchantsFaultsDelayDropAndDropNoticesEachActOnceAndEverythingEndsAppliedOnce() throws Exception {
        try {
            // A delayed webhook arrives, later than it was made by at least the delay.
            setFaults("delay-webhooks");
            Receipt delayed = buy();
            awaitCharged(delayed.approvalId());
            settlementOperator().refund(delayed.settlementId(), "sandbox delay");
            String delayedEvent = awaitEvent(delayed.approvalId(), IssuerEvent.REFUND_APPLIED);
            await(() -> !rows(sandboxDir, "settlement", "SELECT received_at - occurred_at FROM issuer_event WHERE event_id = '"
                    + delayedEvent + "'").isEmpty());
            long late = Long.parseLong(rows(sandboxDir, "settlement", "SELECT received_at - occurred_at FROM issuer_event WHERE event_id = '"
                    + delayedEvent + "'").get(0).get(0));
            assertThat(late).isGreaterThanOrEqualTo(DELAY.toMillis());
            // Auth records the delivery once settlement's answer reaches it, after settlement has stored the event.
            await(() -> "DELIVERED".equals(rows(sandboxDir, "auth", "SELECT status FROM merchant_event WHERE id = '" + delayedEvent + "'")
                    .get(0).get(0)));
            assertThat(rows(sandboxDir, "auth", "SELECT status, attempts FROM merchant_event WHERE id = '" + delayedEvent + "'"))
                    .containsExactly(List.of("DELIVERED", "2"));

            // A dropped webhook never comes; the merchant finds the event in the issuer's feed and applies it once.
            setFaults("drop-webhooks");
            Receipt dropped = buy();
            awaitCharged(dropped.approvalId());
            settlementOperator().refund(dropped.settlementId(), "sandbox drop");
            String droppedEvent = awaitEvent(dropped.approvalId(), IssuerEvent.REFUND_APPLIED);
            await(() -> "DELIVERED".equals(rows(sandboxDir, "auth", "SELECT status FROM merchant_event WHERE id = '" + droppedEvent + "'")
                    .get(0).get(0)));
            Thread.sleep(500);
            assertThat(rows(sandboxDir, "settlement", "SELECT COUNT(*) FROM issuer_event WHERE event_id = '" + droppedEvent + "'"))
                    .containsExactly(List.of("0"));
            var replay = settlementOperator().replayIssuerEvents(null, 1000);
            assertThat(replay.events()).anySatisfy(answer -> {
                assertThat(answer.eventId()).isEqualTo(droppedEvent);
                assertThat(answer.status()).isEqualTo("applied");
            });
            assertThat(rows(sandboxDir, "settlement", "SELECT COUNT(*) FROM issuer_event WHERE event_id = '" + droppedEvent + "'"))
                    .containsExactly(List.of("1"));

            // A notice's answer held: settlement hears "charged" the delay after it sent the notice.
            setFaults("delay-notices");
            Receipt held = buy();
            awaitCharged(held.approvalId());
            String sentAfter = "SELECT sent_at - created_at FROM outbox WHERE kind = 'NOTICE' AND settlement_id = '" + held.settlementId() + "'";
            await(() -> !rows(sandboxDir, "settlement", sentAfter + " AND status = 'SENT'").isEmpty());
            assertThat(Long.parseLong(rows(sandboxDir, "settlement", sentAfter).get(0).get(0))).isGreaterThanOrEqualTo(DELAY.toMillis());

            // A notice's answer dropped: auth applied it, settlement did not hear so and sends it again; it is charged once.
            Cli.Run set = Cli.run("", "sandbox", "--admin-url", sandbox.auth().adminUrl().toString(), "--token-file",
                    sandboxDir.resolve("keys/auth-admin.token").toString(), "faults", "set", Deployment.MERCHANT_ID, "drop-notices");
            assertThat(set.exit()).as(set.all()).isZero();
            assertThat(set.out()).contains("drop-notices");
            Receipt noticed = buy();
            awaitCharged(noticed.approvalId());
            await(() -> "SENT".equals(rows(sandboxDir, "settlement", "SELECT status FROM outbox WHERE kind = 'NOTICE' AND settlement_id = '"
                    + noticed.settlementId() + "'").get(0).get(0)));
            assertThat(Integer.parseInt(rows(sandboxDir, "settlement", "SELECT attempts FROM outbox WHERE kind = 'NOTICE' AND settlement_id = '"
                    + noticed.settlementId() + "'").get(0).get(0))).isGreaterThanOrEqualTo(2);
            assertThat(rows(sandboxDir, "auth", "SELECT COUNT(*) FROM use_entry WHERE approval_id = '" + noticed.approvalId() + "' AND kind = 'CHARGE'"))
                    .containsExactly(List.of("1"));
            assertThat(rows(sandboxDir, "auth", "SELECT fault FROM sandbox_notice_fault f JOIN approval a ON a.allowance_id = f.allowance_id "
                    + "WHERE a.id = '" + noticed.approvalId() + "'")).containsExactly(List.of("drop-notices"));
        } finally {
            Cli.Run cleared = Cli.run("", "sandbox", "--admin-url", sandbox.auth().adminUrl().toString(), "--token-file",
                    sandboxDir.resolve("keys/auth-admin.token").toString(), "faults", "clear", Deployment.MERCHANT_ID);
            assertThat(cleared.exit()).as(cleared.all()).isZero();
        }
    }

    @Test
    void sandboxAndLiveRefuseEachOthersTokensWithSandboxToken() {
        // A test subscriber's sandbox approval, presented to the live merchant's settlement server.
        SelectResponse selection = terminal(sandbox).select(sandbox.shop().url(), "ringtone");
        ApprovalResponse approval = terminal(sandbox).approve("alice", ALICE, selection);
        assertThat(approval.approval().split("\\.")).hasSize(3);
        var presented = new dev.contentpay.platform.http.ServiceClient(live.settlement().url(), Duration.ofSeconds(10),
                ErrorCode.SETTLEMENT_UNAVAILABLE, null, Clock.systemUTC(), null);
        assertRefused(() -> presented.post("/v1/purchases", new PurchaseRequest(approval.approval(), selection.sealed()),
                UUID.randomUUID().toString(), Receipt.class), ErrorCode.SANDBOX_TOKEN);
        // The live issuer judging it, asked by its own merchant over the dedicated line.
        var liveMerchant = new Merchant(live, liveDir, Clock.systemUTC());
        assertRefused(() -> liveMerchant.judge(approval), ErrorCode.SANDBOX_TOKEN);
        // The sandbox seal at the live issuer.
        assertRefused(() -> terminal(live).approve("alice", ALICE, selection), ErrorCode.SANDBOX_TOKEN);

        // And the reverse: a live approval judged by the sandbox issuer.
        ApprovalResponse liveApproval = terminal(live).approve("alice", ALICE, terminal(live).select(live.shop().url(), "ringtone"));
        var sandboxMerchant = new Merchant(sandbox, sandboxDir, Clock.systemUTC());
        assertRefused(() -> sandboxMerchant.judge(liveApproval), ErrorCode.SANDBOX_TOKEN);
        // The sandbox approval still buys where it belongs: nothing was used up by the refusals.
        assertThat(terminal(sandbox).present(selection, approval).approvalId()).isEqualTo(approval.approvalId());
    }

    @Test
    void aLiveIssuerRefusesTheFaultHeaderAndSettingWithSandboxOnly() throws Exception {
        SelectResponse selection = terminal(live).select(live.shop().url(), "wallpaper");
        HttpResponse<String> refused = approveWithHeader(live, selection, "duplicate-webhooks");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(Json.MAPPER.readTree(refused.body()).get("code").asText()).isEqualTo("sandbox_only");
        assertThat(rows(liveDir, "auth", "SELECT COUNT(*) FROM approval WHERE order_id = '" + selection.purchase().orderId() + "'"))
                .containsExactly(List.of("0"));
        var operator = new OperatorClient(live.auth().adminUrl(), liveDir.resolve("keys/auth-admin.token"));
        assertRefused(() -> operator.send("PUT", "/v1/admin/sandbox/merchants/" + Deployment.MERCHANT_ID + "/faults",
                new SandboxFaultSetting(null, List.of("drop-notices"), null)), ErrorCode.SANDBOX_ONLY);
        // A sandbox issuer names a fault it does not know.
        HttpResponse<String> unknown = approveWithHeader(sandbox, terminal(sandbox).select(sandbox.shop().url(), "wallpaper"), "lose-money");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("validation_failed", "lose-money");
    }

    @Test
    void aSandboxIssuerDoesNotStartOnTheLiveIssuersDatabaseNorOnLiveKeys() {
        assertThatThrownBy(() -> AuthServer.start(AuthConfig.load(ConfigSource.of("auth", Map.of("sandbox", "true",
                "database.url", TestDeployment.url(liveDir, "auth"), "http.port", "0", "merchant.port", "0", "admin.port", "0",
                "signing.key-file", sandboxDir.resolve("keys/other-auth.jwk").toString(),
                "pseudonym.secret-file", sandboxDir.resolve("keys/other-pseudonym.key").toString(),
                "admin.token-file", sandboxDir.resolve("keys/other-admin.token").toString()))), Clock.systemUTC()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("marked live");
        assertThatThrownBy(() -> AuthServer.start(AuthConfig.load(ConfigSource.of("auth", Map.of("sandbox", "true",
                "database.url", TestDeployment.url(sandboxDir, "other-auth"), "http.port", "0", "merchant.port", "0", "admin.port", "0",
                "signing.key-file", liveDir.resolve("keys/auth.jwk").toString(),
                "pseudonym.secret-file", sandboxDir.resolve("keys/other-pseudonym.key").toString(),
                "admin.token-file", sandboxDir.resolve("keys/other-admin.token").toString()))), Clock.systemUTC()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("is a live key");
        assertThat(rows(sandboxDir, "auth", "SELECT environment FROM environment_mark WHERE server = 'auth'")).containsExactly(List.of("sandbox"));
        assertThat(rows(sandboxDir, "settlement", "SELECT environment FROM environment_mark WHERE server = 'settlement'"))
                .containsExactly(List.of("sandbox"));
        assertThat(rows(liveDir, "shop", "SELECT environment FROM environment_mark WHERE server = 'shop'")).containsExactly(List.of("live"));
    }

    /** Alice buys a wallpaper in the sandbox, with id and password. */
    private static Receipt buy() {
        return terminal(sandbox).buy(sandbox.shop().url(), "alice", ALICE, "wallpaper").receipt();
    }

    private static ContentpayClient terminal(Deployment d) {
        return TestDeployment.terminal(d);
    }

    private static HttpResponse<String> approveWithHeader(Deployment d, SelectResponse selection, String faults) throws Exception {
        byte[] body = Json.write(new ApprovalRequest("alice", new String(ALICE), selection.sealed(), null));
        return HTTP.send(HttpRequest.newBuilder(URI.create(d.auth().url() + "/v1/approvals"))
                .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .header("Contentpay-Sandbox-Fault", faults).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void setFaults(String... faults) {
        var operator = new OperatorClient(sandbox.auth().adminUrl(), sandboxDir.resolve("keys/auth-admin.token"));
        JsonNode set = operator.send("PUT", "/v1/admin/sandbox/merchants/" + Deployment.MERCHANT_ID + "/faults",
                new SandboxFaultSetting(null, List.of(faults), (int) DELAY.toSeconds()));
        assertThat(Json.MAPPER.convertValue(set.get("faults"), List.class)).containsExactly((Object[]) faults);
    }

    private static dev.contentpay.settlement.operator.OperatorClient settlementOperator() {
        try {
            return new dev.contentpay.settlement.operator.OperatorClient(sandbox.settlement().url(),
                    dev.contentpay.platform.http.OperatorToken.read(sandboxDir.resolve("keys/settlement-admin.token")));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitCharged(String approvalId) {
        await(() -> "CHARGED".equals(rows(sandboxDir, "auth", "SELECT status FROM approval WHERE id = '" + approvalId + "'").get(0).get(0)));
    }

    private static String awaitEvent(String approvalId, String type) {
        String query = "SELECT id FROM merchant_event WHERE approval_id = '" + approvalId + "' AND type = '" + type + "'";
        await(() -> !rows(sandboxDir, "auth", query).isEmpty());
        return rows(sandboxDir, "auth", query).get(0).get(0);
    }

    /** Webhooks the settlement servers of this JVM answered (their metrics are one registry by name: only the sandbox's receive any here). */
    private static long webhooksReceived() {
        String metrics;
        try {
            metrics = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.settlement().url() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return metrics.lines().filter(l -> l.startsWith("http_server_requests_seconds_count{") && l.contains("route=\"/v1/issuer-events\""))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + PATIENCE);
            TestDeployment.sleep(50);
        }
    }
}
