package dev.contentpay.e2e;

import dev.contentpay.app.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static dev.contentpay.e2e.TestDeployment.password;
import static org.assertj.core.api.Assertions.assertThat;

class DemoRestartEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void aSecondStartOnTheSameDataFolderKeepsWhatTheFirstRecorded() {
        String approvalId;
        try (Deployment first = TestDeployment.start(dir, Map.of())) {
            var purchase = TestDeployment.terminal(first).buy(first.shop().url(), "alice", password("alice"), "game");
            approvalId = purchase.receipt().approvalId();
            TestDeployment.awaitHistory(first, "alice", h -> h.charged().amount() == 500);
        }
        try (Deployment second = TestDeployment.start(dir, Map.of())) {
            var history = TestDeployment.terminal(second).history("alice", password("alice"));
            assertThat(history.charged().amount()).isEqualTo(500);
            assertThat(history.entries()).anySatisfy(e -> {
                assertThat(e.approvalId()).isEqualTo(approvalId);
                assertThat(e.status()).isEqualTo("charged");
            });
            // The same keys were kept: a new purchase still verifies end to end.
            var again = TestDeployment.terminal(second).buy(second.shop().url(), "alice", password("alice"), "wallpaper");
            assertThat(again.receipt().amount().amount()).isEqualTo(100);
        }
    }
}
