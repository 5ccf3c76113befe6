package dev.contentpay.e2e;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.contentpay.app.Deployment;
import dev.contentpay.platform.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.contentpay.e2e.TestDeployment.assertRefused;
import static dev.contentpay.e2e.TestDeployment.password;
import static org.assertj.core.api.Assertions.assertThat;

/** No password, PIN, secret key or whole token reaches any log, at any level, through a whole purchase. */
class LogSecrecyEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void theLogsOfFullPurchasesAndRefusalsHoldNoCredentialOrToken() throws Exception {
        var logs = CapturedLogs.at(Level.DEBUG);
        var secrets = new ArrayList<String>(List.of("alice-demo-pass", "bob-demo-pass", "wrong-guess-77"));
        try (Deployment d = TestDeployment.start(dir, Map.of())) {
            var terminal = TestDeployment.terminal(d);
            var purchase = terminal.buy(d.shop().url(), "alice", password("alice"), "ebook");
            secrets.add(purchase.approval().approval());
            secrets.add(purchase.selection().sealed());
            secrets.add(purchase.receipt().downloadUrl().substring(purchase.receipt().downloadUrl().indexOf("token=") + 6));
            assertRefused(() -> terminal.buy(d.shop().url(), "bob", password("bob"), "wallpaper"), ErrorCode.CREDIT_REFUSED);
            assertRefused(() -> terminal.buy(d.shop().url(), "alice", "wrong-guess-77".toCharArray(), "wallpaper"), ErrorCode.BAD_CREDENTIALS);
            TestDeployment.awaitHistory(d, "alice", h -> h.charged().amount() == 800);
            secrets.add(Files.readString(dir.resolve("keys/auth-admin.token")).trim());
            secrets.add(Files.readString(dir.resolve("keys/auth-pseudonym.key")).trim());
        } finally {
            logs.close();
        }
        assertThat(logs.events()).isNotEmpty();
        for (ILoggingEvent event : logs.events()) {
            String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? "" : " " + event.getThrowableProxy().getMessage());
            for (String secret : secrets) {
                assertThat(line).as("a log line of %s", event.getLoggerName()).doesNotContain(secret);
            }
            // Any JWS in a log would be a whole token: three base64url parts starting with a JSON header.
            assertThat(line).doesNotContainPattern("eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}\\.");
        }
    }
}
