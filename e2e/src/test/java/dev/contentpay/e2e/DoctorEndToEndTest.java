package dev.contentpay.e2e;

import dev.contentpay.app.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
}
