package dev.contentpay.e2e;

import dev.contentpay.app.Deployment;
import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.crypto.LineMac;
import dev.contentpay.platform.crypto.TokenSigner;
import dev.contentpay.platform.http.Json;
import dev.contentpay.protocol.JudgeRequest;
import dev.contentpay.protocol.LineKeyResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.contentpay.e2e.TestDeployment.password;
import static dev.contentpay.e2e.TestDeployment.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Line keys on the dedicated line (docs/AUTH.md): a key obtained with the settlement key's signed
 * assertion binds later calls by a MAC over the audience, method, path, time and body; the MAC of
 * another request, another merchant's key id, a stale time or a key asked for with a MAC are all
 * refused with client_unauthenticated, and the purchases of the demo run on line keys.
 */
class LineKeysEndToEndTest {

    @TempDir
    static Path dir;
    static Deployment deployment;
    static HttpClient http;
    static TokenSigner settlementKey;

    @BeforeAll
    static void start() {
        deployment = TestDeployment.start(dir, Map.of());
        http = HttpClient.newBuilder().sslContext(Deployment.certificates(dir).context("settlement")).build();
        settlementKey = new TokenSigner(KeyFiles.loadOrCreate(dir.resolve("keys/settlement.jwk"), Deployment.MERCHANT_ID + "-settlement-1"));
    }

    @AfterAll
    static void stop() {
        deployment.close();
    }

    @Test
    void aLineKeyBindsItsCallsAndNothingElse() throws Exception {
        LineMac.Key key = lineKey();
        String totals = "/v1/merchant/daily-totals";
        String query = totals + "?date=" + LocalDate.now(ZoneOffset.UTC);
        assertThat(get(query, LineMac.authorization(key, Deployment.ISSUER_ID, "GET", totals, new byte[0], Instant.now())).statusCode())
                .isEqualTo(200);

        // The MAC of another path, of a stale time, under another merchant's key id, and garbage.
        assertThat(get(query, LineMac.authorization(key, Deployment.ISSUER_ID, "GET", "/v1/merchant/refunds", new byte[0], Instant.now())))
                .extracting(HttpResponse::statusCode).isEqualTo(401);
        assertThat(get(query, LineMac.authorization(key, Deployment.ISSUER_ID, "GET", totals, new byte[0], Instant.now().minusSeconds(120))))
                .extracting(HttpResponse::statusCode).isEqualTo(401);
        String[] id = key.keyId().split("\\.");
        String otherMerchant = id[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString("umeya".getBytes(StandardCharsets.UTF_8))
                + "." + id[2] + "." + id[3];
        var renamed = new LineMac.Key(otherMerchant, key.secret(), key.expiresAt());
        assertThat(get(query, LineMac.authorization(renamed, Deployment.ISSUER_ID, "GET", totals, new byte[0], Instant.now())))
                .extracting(HttpResponse::statusCode).isEqualTo(401);
        assertThat(get(query, "LineMAC " + key.keyId() + " 0 " + "A".repeat(43))).extracting(HttpResponse::statusCode).isEqualTo(401);
        assertThat(get(query, "LineMAC nonsense")).extracting(HttpResponse::statusCode).isEqualTo(401);
    }

    @Test
    void aMacBindsTheBodySoAnAlteredJudgementIsRefusedAndTheApprovalStaysUnused() throws Exception {
        var terminal = TestDeployment.terminal(deployment);
        var approval = terminal.approve("alice", password("alice"), terminal.select(deployment.shop().url(), "wallpaper"));
        LineMac.Key key = lineKey();
        String path = "/v1/merchant/judgements";
        byte[] body = Json.write(new JudgeRequest(approval.approval(), approval.orderId(), approval.amount()));
        byte[] other = Json.write(new JudgeRequest(approval.approval(), approval.orderId(), dev.contentpay.platform.money.Money.of(1, "JPY")));

        var altered = post(path, other, LineMac.authorization(key, Deployment.ISSUER_ID, "POST", path, body, Instant.now()));

        assertThat(altered.statusCode()).isEqualTo(401);
        assertThat(altered.body()).contains("client_unauthenticated");
        assertThat(rows(dir, "auth", "SELECT status FROM approval WHERE id = '" + approval.approvalId() + "'")).containsExactly(List.of("ISSUED"));
        var genuine = post(path, body, LineMac.authorization(key, Deployment.ISSUER_ID, "POST", path, body, Instant.now()));
        assertThat(genuine.statusCode()).as(genuine.body()).isEqualTo(200);
        assertThat(rows(dir, "auth", "SELECT status FROM approval WHERE id = '" + approval.approvalId() + "'")).containsExactly(List.of("ALLOWED"));
    }

    @Test
    void aLineKeyIsGivenOnlyForASignedAssertion() throws Exception {
        LineMac.Key key = lineKey();
        String path = "/v1/merchant/line-keys";
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        var renewal = post(path, body, LineMac.authorization(key, Deployment.ISSUER_ID, "POST", path, body, Instant.now()));
        assertThat(renewal.statusCode()).isEqualTo(401);
        assertThat(post(path, body, null).statusCode()).isEqualTo(401);
    }

    @Test
    void theDemosPurchasesRunOnLineKeys() {
        var terminal = TestDeployment.terminal(deployment);
        var logs = CapturedLogs.at(ch.qos.logback.classic.Level.DEBUG);
        try {
            terminal.buy(deployment.shop().url(), "alice", password("alice"), "ringtone");
            terminal.buy(deployment.shop().url(), "alice", password("alice"), "ringtone");
        } finally {
            logs.close();
        }
        assertThat(logs.events()).as("settlement's line key was not refused, and no call fell back to an assertion")
                .noneMatch(e -> e.getFormattedMessage().contains("line key"));
        assertThat(rows(dir, "auth", "SELECT COUNT(*) FROM approval WHERE status IN ('ALLOWED', 'CHARGED')").get(0).get(0)).isNotEqualTo("0");
    }

    private static LineMac.Key lineKey() throws Exception {
        String path = "/v1/merchant/line-keys";
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        var answer = post(path, body, "Bearer " + ClientAssertions.create(settlementKey, Deployment.MERCHANT_ID, Deployment.ISSUER_ID, "POST", path, body,
                Clock.systemUTC()));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Cache-Control")).contains("no-store");
        var key = Json.MAPPER.readValue(answer.body(), LineKeyResponse.class);
        return new LineMac.Key(key.keyId(), Base64.getUrlDecoder().decode(key.key()), key.expiresAt());
    }

    private static HttpResponse<String> get(String pathAndQuery, String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(deployment.auth().merchantUrl().resolve(pathAndQuery)).header("Authorization", authorization)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, byte[] body, String authorization) throws Exception {
        var builder = HttpRequest.newBuilder(deployment.auth().merchantUrl().resolve(path)).header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString()).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) builder.header("Authorization", authorization);
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }
}
