package dev.contentpay.e2e;

import dev.contentpay.app.Deployment;
import dev.contentpay.platform.error.ErrorCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.contentpay.e2e.TestDeployment.assertRefused;
import static dev.contentpay.e2e.TestDeployment.password;
import static dev.contentpay.e2e.TestDeployment.rows;
import static org.assertj.core.api.Assertions.assertThat;

class AuthUnavailableEndToEndTest {

    @TempDir
    static Path dir;
    static Deployment deployment;

    @BeforeAll
    static void start() {
        deployment = TestDeployment.start(dir, Map.of("settlement", Map.of("auth.timeout", "1s")));
    }

    @AfterAll
    static void stop() {
        deployment.close();
    }

    @Test
    void whenAuthHangsOrIsStoppedSettlementRefusesWithinItsTimeOutAndNothingIsChargedOrSettled() throws Exception {
        var terminal = TestDeployment.terminal(deployment);
        var selection = terminal.select(deployment.shop().url(), "ebook");
        var approval = terminal.approve("alice", password("alice"), selection);
        int merchantPort = deployment.auth().merchantUrl().getPort();
        deployment.auth().close();

        // First auth hangs: it accepts the connection and never answers.
        try (var silent = new ServerSocket()) {
            silent.setReuseAddress(true);
            silent.bind(new InetSocketAddress("127.0.0.1", merchantPort));
            long started = System.nanoTime();
            assertRefused(() -> terminal.present(selection, approval), ErrorCode.AUTH_UNAVAILABLE);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
        }
        // Then auth is gone altogether: the connection is refused.
        long started = System.nanoTime();
        assertRefused(() -> terminal.present(selection, approval), ErrorCode.AUTH_UNAVAILABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));

        assertThat(rows(dir, "settlement", "SELECT COUNT(*) FROM settlement")).containsExactly(List.of("0"));
        assertThat(rows(dir, "settlement", "SELECT code FROM refusal")).contains(List.of("auth_unavailable"));
        assertThat(rows(dir, "auth", "SELECT status FROM approval WHERE id = '" + approval.approvalId() + "'")).containsExactly(List.of("ISSUED"));
        assertThat(rows(dir, "auth", "SELECT COALESCE(SUM(reserved + charged), 0) FROM budget WHERE subscriber_id = 'alice'")).containsExactly(List.of("0"));
    }
}
