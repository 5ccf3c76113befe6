package dev.contentpay.auth.terminal;

import dev.contentpay.auth.subscriber.Subscriber;
import dev.contentpay.protocol.TerminalProof;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;

import static dev.contentpay.auth.terminal.TestAuth.PASSWORD;
import static dev.contentpay.auth.terminal.TestAuth.basic;
import static dev.contentpay.auth.terminal.TestAuth.key;
import static org.assertj.core.api.Assertions.assertThat;

/** Enrolling, listing and revoking terminals, by the subscriber and by operators. */
class TerminalLifecycleTest {

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

    private static String enrollBody(String id, String password) {
        return "{\"subscriberId\":\"" + id + "\",\"password\":\"" + password + "\",\"name\":\"Kitchen tablet\"}";
    }

    @Test
    void enrollmentAnswersTheTerminalAndA32ByteSecretThatIsStoredNowhere() {
        String id = auth.subscriber();
        var answer = auth.post("/v1/terminals", Map.of("Idempotency-Key", key()), enrollBody(id, PASSWORD));

        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.json().get("terminalId").asText()).startsWith("trm_");
        assertThat(answer.json().get("subscriberId").asText()).isEqualTo(id);
        assertThat(answer.json().get("name").asText()).isEqualTo("Kitchen tablet");
        assertThat(answer.json().get("enrolledAt").asText()).endsWith("Z");
        String secret = answer.json().get("secret").asText();
        assertThat(secret).matches("[A-Za-z0-9_-]{43}");
        assertThat(Base64.getUrlDecoder().decode(secret)).hasSize(32);
        assertThat(auth.everyRow()).noneMatch(row -> row.contains(secret)).noneMatch(row -> row.contains(PASSWORD));
        assertThat(auth.strings("SELECT kind FROM audit_event WHERE subscriber_id = ?", id)).containsExactly("TERMINAL_ENROLLED");
    }

    @Test
    void theMasterKeyFileIsReadableByItsOwnerOnly() throws Exception {
        Path key = dir.resolve("keys").resolve(Terminals.MASTER_KEY_FILE_NAME);
        assertThat(key).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    }

    @Test
    void repeatingAnEnrollmentWithTheSameKeyGivesTheSameTerminalAndSecretAgain() {
        String id = auth.subscriber();
        String idempotencyKey = key();
        var first = auth.post("/v1/terminals", Map.of("Idempotency-Key", idempotencyKey), enrollBody(id, PASSWORD));
        var again = auth.post("/v1/terminals", Map.of("Idempotency-Key", idempotencyKey), enrollBody(id, PASSWORD));

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(auth.count("SELECT COUNT(*) FROM terminal WHERE subscriber_id = ?", id)).isEqualTo(1);
        var otherPassword = auth.post("/v1/terminals", Map.of("Idempotency-Key", idempotencyKey), enrollBody(id, "another password"));
        assertThat(otherPassword.code()).isEqualTo("idempotency_key_reused");
    }

    @Test
    void aWrongPasswordEnrollsNothingAndCountsTowardTheLockout() {
        String id = auth.subscriber();
        var answer = auth.post("/v1/terminals", Map.of("Idempotency-Key", key()), enrollBody(id, "wrong password"));

        assertThat(answer.code()).isEqualTo("bad_credentials");
        assertThat(auth.count("SELECT COUNT(*) FROM terminal WHERE subscriber_id = ?", id)).isZero();
        assertThat(auth.count("SELECT failures FROM sign_in_failure WHERE typed_id = ?", id)).isEqualTo(1);
        assertThat(auth.everyRow()).noneMatch(row -> row.contains("wrong password"));
    }

    @Test
    void aSuspendedSubscriberCannotEnrollATerminal() {
        String id = auth.subscriber(Subscriber.Status.SUSPENDED);
        var answer = auth.post("/v1/terminals", Map.of("Idempotency-Key", key()), enrollBody(id, PASSWORD));

        assertThat(answer.code()).isEqualTo("subscriber_suspended");
        assertThat(auth.count("SELECT COUNT(*) FROM terminal WHERE subscriber_id = ?", id)).isZero();
    }

    @Test
    void theSubscriberListsTheirTerminalsWithoutSecrets() {
        String id = auth.subscriber();
        var phone = auth.enroll(id);
        var tablet = auth.enroll(id);
        auth.enroll(auth.subscriber());

        var answer = auth.send("GET", "/v1/terminals", basic(id, PASSWORD), null);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("subscriberId").asText()).isEqualTo(id);
        assertThat(answer.json().get("terminals").findValuesAsText("terminalId")).containsExactlyInAnyOrder(phone.terminalId(), tablet.terminalId());
        assertThat(answer.json().get("terminals").findValuesAsText("status")).containsOnly("active");
        assertThat(answer.json().toString()).doesNotContain("secret").doesNotContain(TerminalProof.encodeSecret(phone.secret()));
        assertThat(auth.send("GET", "/v1/terminals", basic(id, "wrong"), null).code()).isEqualTo("bad_credentials");
        assertThat(auth.send("GET", "/v1/terminals", Map.of(), null).code()).isEqualTo("bad_credentials");
    }

    @Test
    void aRevokedTerminalsNextProofIsRefusedAsRevoked() {
        String id = auth.subscriber();
        var terminal = auth.enroll(id);
        assertThat(auth.approveWithTerminal(terminal, auth.purchase(100), null).status()).isEqualTo(201);

        var revoked = auth.send("DELETE", "/v1/terminals/" + terminal.terminalId(), basic(id, PASSWORD), null);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().get("status").asText()).isEqualTo("revoked");
        assertThat(revoked.json().get("revokedAt").asText()).isNotBlank();

        // The terminal was found active a moment ago (ProofVerifier keeps it so for a while): the
        // transaction that would use up the nonce finds it revoked, and so does every proof after.
        var answer = auth.approveWithTerminal(terminal, auth.purchase(100), null);
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.code()).isEqualTo("terminal_revoked");
        assertThat(auth.approveWithTerminal(terminal, auth.purchase(100), null).code()).isEqualTo("terminal_revoked");
        assertThat(auth.count("SELECT COUNT(*) FROM approval WHERE subscriber_id = ?", id)).isEqualTo(1);
        assertThat(auth.count("SELECT COUNT(*) FROM terminal_nonce WHERE terminal_id = ?", terminal.terminalId()))
                .as("a refused proof uses up no nonce").isEqualTo(1);
        assertThat(auth.strings("SELECT kind FROM audit_event WHERE subscriber_id = ? ORDER BY at, id", id))
                .contains("TERMINAL_REVOKED", "TERMINAL_PROOF_REFUSED");
        // Revoking again answers the same, and audits nothing new.
        assertThat(auth.send("DELETE", "/v1/terminals/" + terminal.terminalId(), basic(id, PASSWORD), null).status()).isEqualTo(200);
        assertThat(auth.count("SELECT COUNT(*) FROM audit_event WHERE subscriber_id = ? AND kind = 'TERMINAL_REVOKED'", id)).isEqualTo(1);
    }

    @Test
    void aSubscriberCannotRevokeAnotherSubscribersTerminalNorLearnThatItExists() {
        var victim = auth.enroll(auth.subscriber());
        String other = auth.subscriber();

        var answer = auth.send("DELETE", "/v1/terminals/" + victim.terminalId(), basic(other, PASSWORD), null);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.code()).isEqualTo("not_found");
        assertThat(auth.send("DELETE", "/v1/terminals/trm_nosuchterminal", basic(other, PASSWORD), null).json().get("detail"))
                .isEqualTo(answer.json().get("detail"));
        assertThat(auth.approveWithTerminal(victim, auth.purchase(100), null).status()).isEqualTo(201);
    }

    @Test
    void anOperatorListsAndRevokesTerminals() {
        String id = auth.subscriber();
        var terminal = auth.enroll(id);

        var list = auth.admin("GET", "/v1/admin/subscribers/" + id + "/terminals");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("terminals").findValuesAsText("terminalId")).containsExactly(terminal.terminalId());

        var revoked = auth.admin("POST", "/v1/admin/terminals/" + terminal.terminalId() + "/revoke");
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        assertThat(revoked.json().get("status").asText()).isEqualTo("revoked");
        assertThat(auth.approveWithTerminal(terminal, auth.purchase(100), null).code()).isEqualTo("terminal_revoked");
        assertThat(auth.strings("SELECT actor FROM audit_event WHERE subscriber_id = ? AND kind = 'TERMINAL_REVOKED'", id)).containsExactly("admin");

        assertThat(auth.admin("GET", "/v1/admin/subscribers/nosuchsubscriber/terminals").code()).isEqualTo("not_found");
        assertThat(auth.admin("POST", "/v1/admin/terminals/trm_nosuch/revoke").code()).isEqualTo("not_found");
    }

    @Test
    void theAdminCallsNeedTheOperatorToken() {
        String id = auth.subscriber();
        var terminal = auth.enroll(id);
        var answer = TestAuth.send(auth.server.adminUrl(), "POST", "/v1/admin/terminals/" + terminal.terminalId() + "/revoke",
                Map.of("Idempotency-Key", key(), "Authorization", "Bearer not-the-token-at-all-really"), "");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(auth.approveWithTerminal(terminal, auth.purchase(100), null).status()).isEqualTo(201);
    }

    @Test
    void aSubscriberMayHoldAtMostTwentyActiveTerminals() {
        String id = auth.subscriber();
        for (int i = 0; i < TerminalService.MAX_ACTIVE_TERMINALS; i++) auth.enroll(id);

        var answer = auth.post("/v1/terminals", Map.of("Idempotency-Key", key()), enrollBody(id, PASSWORD));

        assertThat(answer.code()).isEqualTo("validation_failed");
        assertThat(answer.json().get("detail").asText()).contains("revoke one");
    }
}
