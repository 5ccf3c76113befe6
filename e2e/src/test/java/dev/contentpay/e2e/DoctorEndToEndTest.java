package dev.contentpay.e2e;

import dev.contentpay.app.Main;
import dev.contentpay.platform.tls.Certificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DoctorEndToEndTest {

    @TempDir
    Path dir;

    private String run(String... args) {
        var out = new StringWriter();
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int exit = cli.execute(args);
        return exit + "\n" + out;
    }

    @Test
    void theDoctorNamesInPlainSentencesWhatIsWrongAndChangesNothing() throws Exception {
        Path key = dir.resolve("keys/shop.jwk");
        run("keys", "generate", key.toString(), "--kid", "sakura-shop-1");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        Files.write(dir.resolve("shop.properties"), List.of("signing.key-file=" + key, "settlement.keys-file=" + dir.resolve("keys/none.jwks"),
                "database.url=jdbc:sqlite:" + dir.resolve("shop.db"), "settlement.url=http://127.0.0.1:1"));
        Files.write(dir.resolve("auth.properties"), List.of("http.prot=8081"));

        String report = run("doctor", "shop=" + dir.resolve("shop.properties"), "auth=" + dir.resolve("auth.properties"));

        assertThat(report).startsWith("1\n")
                .contains("FAIL shop: signing.key-file " + key + " can be read by other users; run: chmod 600 " + key)
                .contains("FAIL shop: settlement.keys-file " + dir.resolve("keys/none.jwks") + " does not exist")
                .contains("FAIL shop: the settlement server at http://127.0.0.1:1 cannot be reached.")
                .contains("FAIL auth: its configuration " + dir.resolve("auth.properties") + ": http.prot is not a setting of auth")
                .contains("Something is wrong");
        assertThat(dir.resolve("shop.db")).doesNotExist();
    }

    @Test
    void theDoctorChecksTheDedicatedLinesCertificatesAndReachesAuthOverMutualTls() throws Exception {
        Path tls = dir.resolve("keys/tls");
        String ca = tls.resolve("ca.pem").toString(), caKey = tls.resolve("ca.key").toString();
        run("keys", "ca", ca, "--key", caKey);
        run("keys", "certificate", tls.resolve("auth.pem").toString(), "--key", tls.resolve("auth.key").toString(), "--ca", ca, "--ca-key", caKey, "--name", "auth");
        run("keys", "certificate", tls.resolve("soon.pem").toString(), "--key", tls.resolve("soon.key").toString(), "--ca", ca, "--ca-key", caKey,
                "--name", "settlement", "--days", "10");
        var authority = Certificates.read(tls.resolve("ca.pem"), tls.resolve("ca.key"));
        Certificates.write(Certificates.issue(authority, "bureau", Certificates.LOCAL_HOSTS, Instant.now().minus(Duration.ofDays(20)), Duration.ofDays(10)),
                tls.resolve("expired.pem"), tls.resolve("expired.key"));
        var stranger = Certificates.authority("another CA", Instant.now(), Duration.ofDays(100));
        Certificates.write(Certificates.issue(stranger, "auth", Certificates.LOCAL_HOSTS, Instant.now(), Duration.ofDays(100)),
                tls.resolve("stranger.pem"), tls.resolve("stranger.key"));
        Files.setPosixFilePermissions(tls.resolve("auth.key"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.write(dir.resolve("auth.properties"), List.of("bureau.url=https://127.0.0.1:1", "bureau.fallback=own-data",
                "merchant.tls.cert-file=" + tls.resolve("auth.pem"), "merchant.tls.key-file=" + tls.resolve("auth.key"), "merchant.tls.ca-file=" + ca,
                "bureau.tls.cert-file=" + tls.resolve("stranger.pem"), "bureau.tls.key-file=" + tls.resolve("soon.key"), "bureau.tls.ca-file=" + ca));
        Files.write(dir.resolve("bureau.properties"), List.of("tls.cert-file=" + tls.resolve("expired.pem"), "tls.key-file=" + tls.resolve("expired.key"),
                "tls.ca-file=" + ca));

        String report = run("doctor", "auth=" + dir.resolve("auth.properties"), "bureau=" + dir.resolve("bureau.properties"));

        assertThat(report).startsWith("1\n")
                .contains("ok   auth: merchant.tls.cert-file " + tls.resolve("auth.pem") + " (CN=auth) is valid until")
                .contains("FAIL auth: merchant.tls.key-file " + tls.resolve("auth.key") + " can be read by other users; run: chmod 600")
                .contains("FAIL auth: bureau.tls.key-file " + tls.resolve("soon.key") + " is not the private key of " + tls.resolve("stranger.pem") + ".")
                .contains("FAIL auth: bureau.tls.cert-file " + tls.resolve("stranger.pem") + " was not issued by the authority in " + ca + ".")
                .containsPattern("FAIL bureau: tls.cert-file " + java.util.regex.Pattern.quote(tls.resolve("expired.pem").toString()) + " expired on \\S+; issue a new one.");

        Files.write(dir.resolve("soon.properties"), List.of("tls.cert-file=" + tls.resolve("soon.pem"), "tls.key-file=" + tls.resolve("soon.key"),
                "tls.ca-file=" + ca));
        assertThat(run("doctor", "bureau=" + dir.resolve("soon.properties")))
                .containsPattern("WARN bureau: tls.cert-file " + java.util.regex.Pattern.quote(tls.resolve("soon.pem").toString())
                        + " expires on \\S+, in less than 30 days; issue a new one soon.");

        // A settlement on the demo's own line: auth's merchant face answers the doctor over mutual TLS.
        try (var d = TestDeployment.start(dir.resolve("deployment"), java.util.Map.of())) {
            Path keys = dir.resolve("deployment/keys");
            Files.write(dir.resolve("settlement.properties"), List.of("auth.merchant-url=" + d.auth().merchantUrl(),
                    "auth.tls.cert-file=" + keys.resolve("tls/settlement.pem"), "auth.tls.key-file=" + keys.resolve("tls/settlement.key"),
                    "auth.tls.ca-file=" + keys.resolve("tls/ca.pem"), "signing.key-file=" + keys.resolve("settlement.jwk"),
                    "auth.keys-file=" + keys.resolve("auth.public.jwks"), "shop.keys-file=" + keys.resolve("shop.public.jwks"),
                    "database.url=jdbc:sqlite:" + dir.resolve("deployment/settlement.db"), "shop.url=" + d.shop().url()));
            assertThat(run("doctor", "settlement=" + dir.resolve("settlement.properties")))
                    .contains("ok   settlement: auth.tls.cert-file " + keys.resolve("tls/settlement.pem") + " (CN=sakura) is valid until")
                    .contains("ok   settlement: auth's merchant face at " + d.auth().merchantUrl() + " answers.");
        }
    }

    @Test
    void theDoctorChecksBothOfAMerchantsKeyFilesAndThatTheyShareNoKey() throws Exception {
        Path keys = dir.resolve("keys");
        run("keys", "generate", keys.resolve("shop.jwk").toString(), "--kid", "sakura-shop-1");
        run("keys", "generate", keys.resolve("settlement.jwk").toString(), "--kid", "sakura-settlement-1");
        run("keys", "merge", keys.resolve("both.public.jwks").toString(), keys.resolve("shop.public.jwks").toString(),
                keys.resolve("settlement.public.jwks").toString());
        Files.write(dir.resolve("auth.properties"), List.of("merchants=sakura", "merchant.sakura.name=Sakura Contents",
                "merchant.sakura.seal-keys-file=" + keys.resolve("shop.public.jwks"),
                "merchant.sakura.assertion-keys-file=" + keys.resolve("both.public.jwks"),
                "merchant.sakura.settlement-url=http://127.0.0.1:8082", "database.url=jdbc:sqlite:" + dir.resolve("auth.db")));

        assertThat(run("doctor", "auth=" + dir.resolve("auth.properties")))
                .startsWith("1\n")
                .contains("ok   auth: merchant.sakura.seal-keys-file " + keys.resolve("shop.public.jwks") + " holds 1 public key(s).")
                .contains("ok   auth: merchant.sakura.assertion-keys-file " + keys.resolve("both.public.jwks") + " holds 2 public key(s).")
                .contains("FAIL auth: merchant.sakura.seal-keys-file and merchant.sakura.assertion-keys-file share a key; "
                        + "the shop and the settlement server must each have their own.");

        Files.write(dir.resolve("auth.properties"), List.of("merchants=sakura", "merchant.sakura.name=Sakura Contents",
                "merchant.sakura.seal-keys-file=" + keys.resolve("shop.public.jwks"),
                "merchant.sakura.assertion-keys-file=" + keys.resolve("settlement.public.jwks"),
                "merchant.sakura.settlement-url=http://127.0.0.1:8082", "database.url=jdbc:sqlite:" + dir.resolve("auth.db")));
        assertThat(run("doctor", "auth=" + dir.resolve("auth.properties")))
                .contains("ok   auth: merchant sakura's shop and settlement server have their own keys.")
                .doesNotContain("share a key");
    }

    @Test
    void theDoctorWarnsOnAKeyPastItsAgeAndOnARetiredKeyStillInItsFileAndNeverAsksToRotateThePseudonymSecret() throws Exception {
        Path keys = dir.resolve("keys");
        Path key = keys.resolve("shop.jwk");
        var clock = new dev.contentpay.platform.time.HandClock(java.time.Instant.now().minus(java.time.Duration.ofDays(400)));
        var ring = dev.contentpay.platform.crypto.KeyRing.loadOrCreate(key, "sakura-shop-1", keys.resolve("shop.public.jwks"),
                java.time.Duration.ofDays(1), clock);
        ring.rotate();
        List<String> shop = List.of("signing.key-file=" + key, "settlement.keys-file=" + keys.resolve("shop.public.jwks"),
                "database.url=jdbc:sqlite:" + dir.resolve("shop.db"), "settlement.url=http://127.0.0.1:1");
        Files.write(dir.resolve("shop.properties"), shop);

        String report = run("doctor", "shop=" + dir.resolve("shop.properties"));
        assertThat(report)
                .contains("ok   shop: its signing key " + key + " (kid sakura-shop-2) is readable.")
                .contains("WARN shop: signing.key-file " + key + " still holds key sakura-shop-1, retired at")
                .contains("WARN shop: its signing key sakura-shop-2 was made at")
                .contains("longer ago than keys.max-age (PT8760H); rotate it with 'contentpay keys rotate shop' while the server runs.");

        var withLongerAge = new java.util.ArrayList<>(shop);
        withLongerAge.add("keys.max-age=P500D");
        Files.write(dir.resolve("shop.properties"), withLongerAge);
        assertThat(run("doctor", "shop=" + dir.resolve("shop.properties")))
                .contains("ok   shop: its signing key sakura-shop-2 was made at").doesNotContain("rotate it with");

        Files.createDirectories(keys);
        Files.write(keys.resolve("auth-pseudonym.key"), List.of(java.util.Base64.getEncoder().encodeToString(new byte[32])));
        Files.write(dir.resolve("auth.properties"), List.of("pseudonym.secret-file=" + keys.resolve("auth-pseudonym.key"),
                "database.url=jdbc:sqlite:" + dir.resolve("auth.db")));
        assertThat(run("doctor", "auth=" + dir.resolve("auth.properties")))
                .contains("ok   auth: pseudonym.secret-file is stable by design and is never rotated")
                .doesNotContain("keys rotate auth");
    }
}
