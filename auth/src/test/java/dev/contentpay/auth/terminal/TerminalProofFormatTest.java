package dev.contentpay.auth.terminal;

import dev.contentpay.protocol.TerminalProof;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The proof format of docs/TERMINALS.md: its worked example is what the code computes. */
class TerminalProofFormatTest {

    private static final String BODY = "{\"purchase\":\"SEALED-PURCHASING-INFORMATION\"}";
    private static final String SIGNATURE = "XHLIcSlL44C75ChIRoWVqxuQrKtRpJpk-TDzcJ-axsU";

    private static byte[] exampleSecret() {
        byte[] secret = new byte[32];
        for (int i = 0; i < secret.length; i++) secret[i] = (byte) i;
        return secret;
    }

    @Test
    void theDocumentsWorkedExampleIsWhatTheCodeSigns() throws Exception {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        String signature = TerminalProof.signature(exampleSecret(), "POST", "/v1/terminal/approvals", "2026-11-24T12:00:00Z",
                "k3Jq9vX2mPz8Lw4RtY6bNc1D", body);

        assertThat(signature).isEqualTo(SIGNATURE);
        assertThat(TerminalProof.encodeSecret(exampleSecret())).isEqualTo("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");
        assertThat(TerminalProof.sha256Hex(body)).isEqualTo("66a58575ae7f2f47d6bf8e48e60caafcf84045d48a42a48c0dd827d537e02c4c");
        String doc = Files.readString(Path.of("..", "docs", "TERMINALS.md"));
        assertThat(doc).contains(SIGNATURE, BODY, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",
                "66a58575ae7f2f47d6bf8e48e60caafcf84045d48a42a48c0dd827d537e02c4c");
    }

    @Test
    void aSignatureMatchesOnlyItsOwnRequestAndToleratesPadding() {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        String path = "/v1/terminal/approvals";
        assertThat(TerminalProof.matches(exampleSecret(), "POST", path, "2026-11-24T12:00:00Z", "k3Jq9vX2mPz8Lw4RtY6bNc1D", body, SIGNATURE)).isTrue();
        assertThat(TerminalProof.matches(exampleSecret(), "post", path, "2026-11-24T12:00:00Z", "k3Jq9vX2mPz8Lw4RtY6bNc1D", body, SIGNATURE + "=")).isTrue();
        assertThat(TerminalProof.matches(exampleSecret(), "PUT", path, "2026-11-24T12:00:00Z", "k3Jq9vX2mPz8Lw4RtY6bNc1D", body, SIGNATURE)).isFalse();
        assertThat(TerminalProof.matches(exampleSecret(), "POST", path, "2026-11-24T12:00:01Z", "k3Jq9vX2mPz8Lw4RtY6bNc1D", body, SIGNATURE)).isFalse();
        assertThat(TerminalProof.matches(exampleSecret(), "POST", path, "2026-11-24T12:00:00Z", "k3Jq9vX2mPz8Lw4RtY6bNc1E", body, SIGNATURE)).isFalse();
        assertThat(TerminalProof.matches(exampleSecret(), "POST", path, "2026-11-24T12:00:00Z", "k3Jq9vX2mPz8Lw4RtY6bNc1D", "{}".getBytes(StandardCharsets.UTF_8), SIGNATURE)).isFalse();
        assertThat(TerminalProof.matches(exampleSecret(), "POST", path, "2026-11-24T12:00:00Z", "k3Jq9vX2mPz8Lw4RtY6bNc1D", body, "not base64!")).isFalse();
        assertThat(TerminalProof.matches(exampleSecret(), "POST", path, "2026-11-24T12:00:00Z", "k3Jq9vX2mPz8Lw4RtY6bNc1D", body, SIGNATURE.substring(0, 40))).isFalse();
    }

    @Test
    void timestampsAreRfc3339WithAnOffsetOrEpochSeconds() {
        assertThat(TerminalProof.parseTimestamp("2026-11-24T12:00:00Z")).isEqualTo(Instant.parse("2026-11-24T12:00:00Z"));
        assertThat(TerminalProof.parseTimestamp("2026-11-24T21:00:00.250+09:00")).isEqualTo(Instant.parse("2026-11-24T12:00:00.250Z"));
        assertThat(TerminalProof.parseTimestamp("1795521600")).isEqualTo(Instant.ofEpochSecond(1795521600L));
        assertThat(TerminalProof.parseTimestamp("2026-11-24T12:00:00")).as("no offset").isNull();
        assertThat(TerminalProof.parseTimestamp("yesterday")).isNull();
        assertThat(TerminalProof.parseTimestamp("-5")).isNull();
        assertThat(TerminalProof.parseTimestamp("9999999999999999")).isNull();
        assertThat(TerminalProof.parseTimestamp(null)).isNull();
    }

    @Test
    void noncesAreSixteenToSixtyFourUrlSafeCharacters() {
        assertThat(TerminalProof.isWellFormedNonce("0123456789abcdef")).isTrue();
        assertThat(TerminalProof.isWellFormedNonce("a".repeat(64))).isTrue();
        assertThat(TerminalProof.isWellFormedNonce("0123456789abcde")).isFalse();
        assertThat(TerminalProof.isWellFormedNonce("a".repeat(65))).isFalse();
        assertThat(TerminalProof.isWellFormedNonce("0123456789abcdef\n")).isFalse();
        assertThat(TerminalProof.isWellFormedNonce("0123456789abcde/")).isFalse();
    }

    @Test
    void eachTerminalGetsItsOwnStableSecretAndTheMasterKeyFileIsPrivate(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys").resolve("auth-terminal.key");
        TerminalKeys keys = TerminalKeys.fromFile(file);

        assertThat(keys.secretOf("trm_a")).hasSize(32).isEqualTo(TerminalKeys.fromFile(file).secretOf("trm_a")).isNotEqualTo(keys.secretOf("trm_b"));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(TerminalKeys.fromFile(dir.resolve("other.key")).secretOf("trm_a")).isNotEqualTo(keys.secretOf("trm_a"));
        try (var files = Files.list(file.getParent())) {
            assertThat(files).as("no temporary file is left behind").containsExactly(file);
        }
    }
}
