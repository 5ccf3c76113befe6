package dev.contentpay.e2e;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.contentpay.app.Deployment;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.TerminalProof;
import dev.contentpay.client.ContentpayClient;
import dev.contentpay.client.PinPrompt;
import dev.contentpay.client.TerminalCredential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.contentpay.e2e.TestDeployment.assertRefused;
import static dev.contentpay.e2e.TestDeployment.password;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No terminal secret, signature, PIN or password reaches any log or the audit table, at any level,
 * through enrollment, purchases with the PIN, a replay, a wrong PIN and a revocation.
 */
class TerminalLogSecrecyEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void theLogsAndTheAuditLogOfTerminalFlowsHoldNoSecretSignatureOrPin() throws Exception {
        var logs = CapturedLogs.at(Level.DEBUG);
        // PINs are looked for as they would appear in a body: bare digits also occur in times and amounts.
        var secrets = new ArrayList<String>(List.of("alice-demo-pass", "\"pin\":\"1234\"", "\"pin\":\"5678\"", "pin=1234", "pin=5678"));
        try (Deployment d = TestDeployment.start(dir, Map.of())) {
            var client = new ContentpayClient(d.auth().url());
            TerminalCredential phone = client.enroll("alice", password("alice"), "phone");
            Path file = dir.resolve("credential.json");
            phone.save(file);
            secrets.add(Json.MAPPER.readTree(Files.readString(file)).get("secret").asText());
            secrets.add(Files.readString(dir.resolve("keys").resolve("auth-terminal.key")).trim());

            client.buy(d.shop().url(), phone, "video", PinPrompt.of("1234".toCharArray()));
            assertRefused(() -> client.buy(d.shop().url(), phone, "video", PinPrompt.of("5678".toCharArray())), ErrorCode.PIN_WRONG);
            secrets.add(replayOnce(d.auth().url(), phone, client, d));
            client.setPinThreshold("alice", password("alice"), Money.of(2_000, "JPY"), PinPrompt.of("1234".toCharArray()));
            client.revokeTerminal("alice", password("alice"), phone.terminalId());
            assertRefused(() -> client.buy(d.shop().url(), phone, "wallpaper", PinPrompt.NONE), ErrorCode.TERMINAL_REVOKED);

            var audit = TestDeployment.rows(dir, "auth", "SELECT * FROM audit_event").toString();
            for (String secret : secrets) assertThat(audit).as("the audit table").doesNotContain(secret);
        } finally {
            logs.close();
        }
        assertThat(logs.events()).isNotEmpty();
        for (ILoggingEvent event : logs.events()) {
            String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? "" : " " + event.getThrowableProxy().getMessage());
            for (String secret : secrets) {
                assertThat(line).as("a log line of %s", event.getLoggerName()).doesNotContain(secret);
            }
        }
    }

    /** Sends one signed request twice; returns its signature, which must appear nowhere. */
    private static String replayOnce(URI auth, TerminalCredential phone, ContentpayClient client, Deployment d) throws Exception {
        var selection = client.select(d.shop().url(), "wallpaper");
        byte[] body = Json.write(new dev.contentpay.protocol.TerminalApprovalRequest(selection.sealed(), null));
        TerminalProof.Headers proof = phone.sign("POST", "/v1/terminal/approvals", body, Instant.now());
        var builder = HttpRequest.newBuilder(auth.resolve("/v1/terminal/approvals")).header("Content-Type", "application/json")
                .header("Idempotency-Key", "replayed-request").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        ContentpayClient.proofHeaders(proof).forEach(builder::header);
        var http = HttpClient.newHttpClient();
        assertThat(http.send(builder.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(201);
        var replay = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(replay.body()).contains("terminal_proof_invalid").doesNotContain(proof.signature());
        return proof.signature();
    }
}
