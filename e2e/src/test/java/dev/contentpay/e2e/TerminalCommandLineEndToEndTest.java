package dev.contentpay.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contentpay.app.Deployment;
import dev.contentpay.platform.http.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static dev.contentpay.e2e.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The terminal-credential commands (enroll, buy --terminal, terminals, pin-threshold), in-process against the real servers. */
class TerminalCommandLineEndToEndTest {

    @TempDir
    static Path dir;
    static Deployment deployment;
    static String auth;
    static String shop;


    @BeforeAll
    static void start() {
        deployment = TestDeployment.start(dir, Map.of());
        auth = deployment.auth().url().toString();
        shop = deployment.shop().url().toString();
    }

    @AfterAll
    static void stop() {
        deployment.close();
    }

    private static Path enroll(Path folder, String user) {
        Path credential = folder.resolve("private").resolve("terminal-" + user + ".json");
        var run = run(user + "-demo-pass\n", "enroll", "--auth", auth, "--user", user, "--password-stdin", "--name", "test terminal",
                "--credential", credential.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        return credential;
    }

    private static String secretIn(Path credential) throws Exception {
        return Json.MAPPER.readTree(Files.readString(credential)).get("secret").asText();
    }

    @Test
    void enrollSavesACredentialOnlyItsUserCanReadAndNeverPrintsTheSecret(@TempDir Path home) throws Exception {
        Path credential = home.resolve("private").resolve("terminal-alice.json");
        var run = run("alice-demo-pass\n", "enroll", "--auth", auth, "--user", "alice", "--password-stdin", "--name", "Alice's laptop",
                "--credential", credential.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("Enrolled terminal trm_", "Alice's laptop", credential.toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credential))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credential.getParent()))).isEqualTo("rwx------");
        JsonNode saved = Json.MAPPER.readTree(Files.readString(credential));
        assertThat(saved.get("subscriberId").asText()).isEqualTo("alice");
        assertThat(saved.get("issuer").asText()).isEqualTo(auth);
        assertThat(run.all()).doesNotContain(secretIn(credential)).doesNotContain("alice-demo-pass");
        try (var files = Files.list(credential.getParent())) {
            assertThat(files).as("no temporary file is left behind").containsExactly(credential);
        }
    }

    @Test
    void buyWithTheTerminalAsksThePinForTheVideoOnTheNextLineOfStandardInput(@TempDir Path home, @TempDir Path out) throws Exception {
        Path credential = enroll(home, "alice");

        var run = run("1234\n", "buy", "--terminal", "--credential", credential.toString(), "--pin-stdin", "--shop", shop,
                "--out", out.toString(), "video");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("Bought", "1,200 JPY", "video.gif");
        assertThat(Files.size(out.resolve("video.gif"))).isPositive();
        assertThat(run.all()).doesNotContain(secretIn(credential));
    }

    @Test
    void buyWithTheTerminalButNoPinToGiveIsRefusedInOnePlainSentence(@TempDir Path home, @TempDir Path out) {
        Path credential = enroll(home, "alice");

        var run = run("", "buy", "--terminal", "--credential", credential.toString(), "--pin-stdin", "--shop", shop,
                "--out", out.toString(), "video");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().strip()).contains("PIN").doesNotContain("Exception").doesNotContain("\n");
        assertThat(out).isEmptyDirectory();
    }

    @Test
    void buyWithTheTerminalAndAWrongPinNamesItsCodeInJson(@TempDir Path home, @TempDir Path out) throws Exception {
        Path credential = enroll(home, "alice");

        var run = run("9876\n", "buy", "--json", "--terminal", "--credential", credential.toString(), "--pin-stdin", "--shop", shop,
                "--out", out.toString(), "video");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(Json.MAPPER.readTree(run.out()).get("code").asText()).isEqualTo("pin_wrong");
        assertThat(run.all()).doesNotContain("9876");
    }

    @Test
    void buyWithThePasswordReadsThePinFromTheLineAfterThePassword(@TempDir Path out) {
        var run = run("alice-demo-pass\n1234\n", "buy", "--shop", shop, "--auth", auth, "--user", "alice", "--password-stdin",
                "--out", out.toString(), "video");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("Bought", "1,200 JPY");
    }

    @Test
    void terminalsListsTheEnrolledTerminalsAndRevokesOneWhoseNextPurchaseIsRefused(@TempDir Path home, @TempDir Path out) throws Exception {
        Path credential = enroll(home, "alice");
        String terminalId = Json.MAPPER.readTree(Files.readString(credential)).get("terminalId").asText();

        var list = run("alice-demo-pass\n", "terminals", "--auth", auth, "--user", "alice", "--password-stdin");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).contains(terminalId, "test terminal", "active");

        var revoke = run("alice-demo-pass\n", "terminals", "--auth", auth, "--user", "alice", "--password-stdin", "--revoke", terminalId);
        assertThat(revoke.exit()).as(revoke.err()).isZero();
        assertThat(revoke.out()).contains("Revoked terminal " + terminalId);

        var buy = run("", "buy", "--terminal", "--credential", credential.toString(), "--shop", shop, "--out", out.toString(), "wallpaper");
        assertThat(buy.exit()).isEqualTo(1);
        assertThat(buy.err()).contains("revoked");
        assertThat(out).isEmptyDirectory();
    }

    @Test
    void pinThresholdIsLoweredWithThePasswordAndRaisedOnlyWithThePin() {
        var lowered = run("carol-demo-pass\n", "pin-threshold", "--auth", auth, "--user", "carol", "--password-stdin", "--amount", "100");
        assertThat(lowered.exit()).as(lowered.err()).isZero();
        assertThat(lowered.out()).contains("above 100 JPY");

        var noPin = run("carol-demo-pass\n", "pin-threshold", "--auth", auth, "--user", "carol", "--password-stdin", "--amount", "2000");
        assertThat(noPin.exit()).isEqualTo(1);
        assertThat(noPin.err()).contains("PIN");

        var raised = run("carol-demo-pass\n1234\n", "pin-threshold", "--auth", auth, "--user", "carol", "--password-stdin", "--amount", "2000");
        assertThat(raised.exit()).as(raised.err()).isZero();
        assertThat(raised.out()).contains("above 2,000 JPY");

        var never = run("carol-demo-pass\n1234\n", "pin-threshold", "--auth", auth, "--user", "carol", "--password-stdin", "--none");
        assertThat(never.exit()).as(never.err()).isZero();
        assertThat(never.out()).contains("no longer asked");
        assertThat(TestDeployment.rows(dir, "auth", "SELECT COUNT(*) FROM subscriber WHERE id = 'carol' AND pin_threshold IS NULL"))
                .containsExactly(java.util.List.of("1"));

        var back = run("carol-demo-pass\n", "pin-threshold", "--auth", auth, "--user", "carol", "--password-stdin", "--amount", "1000");
        assertThat(back.exit()).as(back.err()).isZero();
    }

    @Test
    void enrollRefusesToReplaceAnExistingCredentialAndEnrollsNothing(@TempDir Path home) throws Exception {
        Path credential = enroll(home, "alice");
        String before = Files.readString(credential);
        int terminals = Json.MAPPER.readTree(run("alice-demo-pass\n", "terminals", "--json", "--auth", auth, "--user", "alice",
                "--password-stdin").out()).get("terminals").size();

        var again = run("alice-demo-pass\n", "enroll", "--auth", auth, "--user", "alice", "--password-stdin", "--credential", credential.toString());

        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("already");
        assertThat(Files.readString(credential)).isEqualTo(before);
        assertThat(Json.MAPPER.readTree(run("alice-demo-pass\n", "terminals", "--json", "--auth", auth, "--user", "alice",
                "--password-stdin").out()).get("terminals").size()).isEqualTo(terminals);
    }

    @Test
    void aCredentialFileOthersCanReadIsRefused(@TempDir Path home, @TempDir Path out) throws Exception {
        Path credential = enroll(home, "alice");
        Files.setPosixFilePermissions(credential, PosixFilePermissions.fromString("rw-r--r--"));

        var run = run("", "buy", "--terminal", "--credential", credential.toString(), "--shop", shop, "--out", out.toString(), "wallpaper");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("other users", "chmod 600");
    }

    @Test
    void withoutCredentialOrUserTheOnlyCredentialInTheConfigFolderIsUsed(@TempDir Path home, @TempDir Path out) throws Exception {
        assumeTrue(System.getenv("XDG_CONFIG_HOME") == null, "XDG_CONFIG_HOME decides the folder here");
        String realHome = System.getProperty("user.home");
        System.setProperty("user.home", home.toString());
        try {
            var enroll = run("alice-demo-pass\n", "enroll", "--auth", auth, "--user", "alice", "--password-stdin");
            assertThat(enroll.exit()).as(enroll.err()).isZero();
            Path credential = home.resolve(".config/contentpay/terminal-alice.json");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credential))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credential.getParent()))).isEqualTo("rwx------");

            var buy = run("", "buy", "--terminal", "--shop", shop, "--out", out.toString(), "wallpaper");
            assertThat(buy.exit()).as(buy.err()).isZero();
            assertThat(buy.out()).contains("Bought", "100 JPY");
        } finally {
            System.setProperty("user.home", realHome);
        }
    }
}
