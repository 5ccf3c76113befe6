package dev.contentpay.auth.terminal;

import dev.contentpay.protocol.TerminalProof;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.contentpay.auth.terminal.TestAuth.approvalBody;
import static dev.contentpay.auth.terminal.TestAuth.key;
import static dev.contentpay.auth.terminal.TestAuth.proved;
import static org.assertj.core.api.Assertions.assertThat;

/** A terminal's proof on each purchase request, over real HTTP against a real auth server. */
class TerminalProofTest {

    private static final String PATH = "/v1/terminal/approvals";

    @TempDir
    static Path dir;
    static TestAuth auth;

    @BeforeAll
    static void start() {
        auth = TestAuth.start(dir);
    }

    @AfterAll
    static void stop() {
        auth.close();
    }

    @Test
    void anEnrolledTerminalGetsAnApprovalWithoutThePassword() {
        var terminal = auth.enroll(auth.subscriber());
        String sealed = auth.purchase(500);

        var answer = auth.approveWithTerminal(terminal, sealed, null);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        assertThat(answer.json().get("approval").asText()).isNotBlank();
        assertThat(answer.json().get("amount").get("amount").asLong()).isEqualTo(500);
        assertThat(auth.count("SELECT COUNT(*) FROM approval WHERE order_id = ? AND subscriber_id = ?", TestAuth.orderOf(sealed), terminal.subscriberId()))
                .isEqualTo(1);
        assertThat(auth.count("SELECT COUNT(*) FROM terminal WHERE id = ? AND last_used_at IS NOT NULL", terminal.terminalId())).isEqualTo(1);
    }

    @Test
    void aReplayedProofIsRefusedAndNothingIsIssued() {
        var terminal = auth.enroll(auth.subscriber());
        String first = auth.purchase(100);
        String body = approvalBody(first, null);
        Map<String, String> headers = proved(terminal, body);
        assertThat(auth.post(PATH, headers, body).status()).isEqualTo(201);

        // The same request again, byte for byte: same proof, same idempotency key, same body.
        var replay = auth.post(PATH, headers, body);
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.code()).isEqualTo("terminal_proof_invalid");

        // The captured proof with a new idempotency key, for the same purchase: refused as well.
        var withNewKey = new LinkedHashMap<>(headers);
        withNewKey.put("Idempotency-Key", key());
        assertThat(auth.post(PATH, withNewKey, body).code()).isEqualTo("terminal_proof_invalid");

        assertThat(auth.count("SELECT COUNT(*) FROM approval WHERE order_id = ?", TestAuth.orderOf(first))).isEqualTo(1);
        assertThat(auth.count("SELECT COUNT(*) FROM approval WHERE subscriber_id = ?", terminal.subscriberId())).isEqualTo(1);
        assertThat(auth.strings("SELECT detail FROM audit_event WHERE kind = 'TERMINAL_PROOF_REFUSED' AND subscriber_id = ?", terminal.subscriberId()))
                .hasSize(2).allSatisfy(detail -> assertThat(detail).contains("nonce").doesNotContain(headers.get(TerminalProof.SIGNATURE_HEADER)));
    }

    @Test
    void aRetryWithAFreshProofAndTheSameKeyGetsTheFirstAnswer() {
        var terminal = auth.enroll(auth.subscriber());
        String body = approvalBody(auth.purchase(150), null);
        String idempotencyKey = key();

        var first = auth.post(PATH, proved(terminal, PATH, body, Instant.now(), idempotencyKey), body);
        var again = auth.post(PATH, proved(terminal, PATH, body, Instant.now(), idempotencyKey), body);

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("approvalId")).isEqualTo(first.json().get("approvalId"));
        assertThat(auth.count("SELECT COUNT(*) FROM approval WHERE subscriber_id = ?", terminal.subscriberId())).isEqualTo(1);
    }

    @Test
    void aRequestRefusedInsideItsApprovalsTransactionStillUsesUpItsNonce() {
        var terminal = auth.enroll(auth.subscriber());
        String sealed = auth.purchase(120);
        assertThat(auth.approveWithTerminal(terminal, sealed, null).status()).isEqualTo(201);

        // The same order again, freshly signed: refused by the approval's own transaction, which
        // rolls back everything it wrote, the nonce with it; the nonce is then used up on its own.
        String body = approvalBody(sealed, null);
        Map<String, String> headers = proved(terminal, body);
        var refused = auth.post(PATH, headers, body);
        assertThat(refused.code()).as(refused.toString()).isEqualTo("purchase_info_invalid");
        assertThat(auth.count("SELECT COUNT(*) FROM terminal_nonce WHERE terminal_id = ? AND nonce = ?", terminal.terminalId(),
                headers.get(TerminalProof.NONCE_HEADER))).isEqualTo(1);

        // Its replay is refused as a replay, with its key (whose kept answer it does not get) or another.
        assertThat(auth.post(PATH, headers, body).code()).isEqualTo("terminal_proof_invalid");
        var withNewKey = new LinkedHashMap<>(headers);
        withNewKey.put("Idempotency-Key", key());
        assertThat(auth.post(PATH, withNewKey, body).code()).isEqualTo("terminal_proof_invalid");
        assertThat(auth.count("SELECT COUNT(*) FROM audit_event WHERE kind = 'APPROVAL_REFUSED' AND subscriber_id = ?", terminal.subscriberId()))
                .as("the replays were refused before they were judged as approvals").isEqualTo(1);
        assertThat(auth.count("SELECT COUNT(*) FROM approval WHERE subscriber_id = ?", terminal.subscriberId())).isEqualTo(1);
    }

    @Test
    void theNonceIsUsedUpInTheApprovalsOwnUnitOfWork() {
        var terminal = auth.enroll(auth.subscriber());
        long[] before = auth.server.database().commitsAndUnits();
        org.junit.jupiter.api.Assumptions.assumeTrue(before[1] > 0, "this database does not count its units of work");
        int approvals = 20;
        for (int i = 0; i < approvals; i++) {
            assertThat(auth.approveWithTerminal(terminal, auth.purchase(10), null).status()).isEqualTo(201);
        }
        long units = auth.server.database().commitsAndUnits()[1] - before[1];
        // One unit each (nonce, last use and approval), where it took two; a few more may be the server's own upkeep.
        assertThat(units).isBetween((long) approvals, approvals + 10L);
        assertThat(auth.count("SELECT COUNT(*) FROM terminal_nonce WHERE terminal_id = ?", terminal.terminalId())).isEqualTo(approvals);
    }

    @Test
    void anAlteredBodyWithTheOldSignatureIsRefused() {
        var terminal = auth.enroll(auth.subscriber());
        String cheap = approvalBody(auth.purchase(100), null);
        Map<String, String> headers = proved(terminal, cheap);
        String other = approvalBody(auth.purchase(1_200), TestAuth.PIN);

        var answer = auth.post(PATH, headers, other);

        assertThat(answer.code()).isEqualTo("terminal_proof_invalid");
        assertThat(auth.count("SELECT COUNT(*) FROM approval WHERE subscriber_id = ?", terminal.subscriberId())).isZero();
    }

    @Test
    void aProofMadeForAnotherPathIsRefused() {
        var terminal = auth.enroll(auth.subscriber());
        String body = approvalBody(auth.purchase(100), null);
        Map<String, String> headers = proved(terminal, "/v1/terminal/other", body, Instant.now(), key());

        assertThat(auth.post(PATH, headers, body).code()).isEqualTo("terminal_proof_invalid");
        assertThat(auth.count("SELECT COUNT(*) FROM approval WHERE subscriber_id = ?", terminal.subscriberId())).isZero();
    }

    @Test
    void aTimestampOutsideTheWindowIsRefusedEitherWay() {
        var terminal = auth.enroll(auth.subscriber());
        String body = approvalBody(auth.purchase(100), null);

        var old = auth.post(PATH, proved(terminal, PATH, body, Instant.now().minus(Duration.ofMinutes(6)), key()), body);
        var future = auth.post(PATH, proved(terminal, PATH, body, Instant.now().plus(Duration.ofMinutes(6)), key()), body);

        assertThat(old.code()).isEqualTo("terminal_proof_invalid");
        assertThat(old.json().get("detail").asText()).contains("behind");
        assertThat(future.code()).isEqualTo("terminal_proof_invalid");
        assertThat(future.json().get("detail").asText()).contains("ahead");
        // Within the window the same terminal is fine.
        var late = auth.post(PATH, proved(terminal, PATH, body, Instant.now().minus(Duration.ofMinutes(4)), key()), body);
        assertThat(late.status()).as(late.toString()).isEqualTo(201);
    }

    @Test
    void aTimestampInEpochSecondsOrWithAnOffsetIsAccepted() {
        var terminal = auth.enroll(auth.subscriber());
        for (String timestamp : new String[]{Long.toString(Instant.now().getEpochSecond()),
                java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHours(9)).toString()}) {
            String body = approvalBody(auth.purchase(100), null);
            String nonce = "nonce-" + key();
            String signature = TerminalProof.signature(terminal.secret(), "POST", PATH, timestamp, nonce, body.getBytes(StandardCharsets.UTF_8));
            var headers = TestAuth.headers(new TerminalProof.Headers(terminal.terminalId(), timestamp, nonce, signature), key());
            var answer = auth.post(PATH, headers, body);
            assertThat(answer.status()).as(timestamp + ": " + answer).isEqualTo(201);
        }
    }

    /** The format of docs/TERMINALS.md, computed here without TerminalProof, so the document and the code cannot drift apart. */
    @Test
    void aSignatureMadeFromTheDocumentedFormatIsAccepted() throws Exception {
        var terminal = auth.enroll(auth.subscriber());
        String body = approvalBody(auth.purchase(100), null);
        String timestamp = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        String nonce = "0123456789abcdef0123";
        String bodyHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        String canonical = "POST\n" + PATH + "\n" + timestamp + "\n" + nonce + "\n" + bodyHash;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(terminal.secret(), "HmacSHA256"));
        String signature = Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));

        var answer = auth.post(PATH, TestAuth.headers(new TerminalProof.Headers(terminal.terminalId(), timestamp, nonce, signature), key()), body);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
    }

    @Test
    void aWrongSecretIsRefusedAndAudited() {
        var terminal = auth.enroll(auth.subscriber());
        byte[] forged = terminal.secret().clone();
        forged[0] ^= 1;
        var impostor = new TestAuth.Enrolled(terminal.terminalId(), forged, terminal.subscriberId());
        String body = approvalBody(auth.purchase(100), null);

        var answer = auth.post(PATH, proved(impostor, body), body);

        assertThat(answer.code()).isEqualTo("terminal_proof_invalid");
        assertThat(auth.strings("SELECT detail FROM audit_event WHERE kind = 'TERMINAL_PROOF_REFUSED' AND subscriber_id = ?", terminal.subscriberId()))
                .singleElement().asString().contains("signature", terminal.terminalId());
    }

    @Test
    void anUnknownTerminalIsAnsweredAsRevoked() {
        var ghost = new TestAuth.Enrolled("trm_doesnotexist", new byte[32], "nobody");
        String body = approvalBody(auth.purchase(100), null);

        var answer = auth.post(PATH, proved(ghost, body), body);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.code()).isEqualTo("terminal_revoked");
    }

    @Test
    void missingOrMalformedProofHeadersAreRefusedBeforeAnyWork() {
        var terminal = auth.enroll(auth.subscriber());
        String body = approvalBody(auth.purchase(100), null);
        var good = proved(terminal, body);
        for (String header : new String[]{TerminalProof.ID_HEADER, TerminalProof.TIMESTAMP_HEADER, TerminalProof.NONCE_HEADER, TerminalProof.SIGNATURE_HEADER}) {
            var headers = new LinkedHashMap<>(good);
            headers.remove(header);
            assertThat(auth.post(PATH, headers, body).code()).as("without " + header).isEqualTo("terminal_proof_invalid");
        }
        var shortNonce = new LinkedHashMap<>(good);
        shortNonce.put(TerminalProof.NONCE_HEADER, "short");
        assertThat(auth.post(PATH, shortNonce, body).code()).isEqualTo("terminal_proof_invalid");
        var noKey = new LinkedHashMap<>(good);
        noKey.remove("Idempotency-Key");
        assertThat(auth.post(PATH, noKey, body).code()).isEqualTo("idempotency_key_missing");
        // None of those used the nonce up: the untouched request still goes through.
        assertThat(auth.post(PATH, good, body).status()).isEqualTo(201);
    }

    @Test
    void aSuspendedSubscribersTerminalIsRefusedAsAtTheirPassword() {
        String id = auth.subscriber();
        var terminal = auth.enroll(id);
        auth.server.database().useTransaction(h -> h.createUpdate("UPDATE subscriber SET status = 'SUSPENDED' WHERE id = :id").bind("id", id).execute());

        var answer = auth.approveWithTerminal(terminal, auth.purchase(100), null);

        assertThat(answer.code()).isEqualTo("subscriber_suspended");
        assertThat(auth.count("SELECT COUNT(*) FROM approval WHERE subscriber_id = ?", id)).isZero();
    }

    @Test
    void expiredNoncesAreForgottenAndFreshOnesKept() {
        var terminal = auth.enroll(auth.subscriber());
        assertThat(auth.approveWithTerminal(terminal, auth.purchase(100), null).status()).isEqualTo(201);
        long kept = auth.count("SELECT COUNT(*) FROM terminal_nonce WHERE terminal_id = ?", terminal.terminalId());
        assertThat(kept).isEqualTo(1);
        assertThat(auth.count("SELECT COUNT(*) FROM terminal_nonce WHERE terminal_id = ? AND expires_at > ?", terminal.terminalId(),
                Instant.now().plus(Duration.ofMinutes(5)).toEpochMilli())).isEqualTo(1);
        new JdbiTerminalStore(auth.server.database()).purgeNonces(Instant.now().toEpochMilli());
        assertThat(auth.count("SELECT COUNT(*) FROM terminal_nonce WHERE terminal_id = ?", terminal.terminalId())).isEqualTo(1);
        new JdbiTerminalStore(auth.server.database()).purgeNonces(Instant.now().plus(Duration.ofMinutes(7)).toEpochMilli());
        assertThat(auth.count("SELECT COUNT(*) FROM terminal_nonce WHERE terminal_id = ?", terminal.terminalId())).isZero();
    }
}
