package dev.contentpay.e2e;

import dev.contentpay.app.Deployment;
import dev.contentpay.platform.error.ErrorCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.contentpay.e2e.TestDeployment.assertRefused;
import static dev.contentpay.e2e.TestDeployment.password;
import static dev.contentpay.e2e.TestDeployment.rows;
import static org.assertj.core.api.Assertions.assertThat;

class ApprovalExpiryEndToEndTest {

    @TempDir
    static Path dir;
    static Deployment deployment;

    @BeforeAll
    static void start() {
        deployment = TestDeployment.start(dir, Map.of("auth", Map.of("approval.lifetime", "1s")));
    }

    @AfterAll
    static void stop() {
        deployment.close();
    }

    @Test
    void anExpiredApprovalIsRefusedAndNothingIsSettledOrReserved() {
        var terminal = TestDeployment.terminal(deployment);
        var selection = terminal.select(deployment.shop().url(), "wallpaper");
        var approval = terminal.approve("alice", password("alice"), selection);
        TestDeployment.sleep(1_500);

        assertRefused(() -> terminal.present(selection, approval), ErrorCode.APPROVAL_EXPIRED);
        assertRefused(() -> terminal.present(selection, approval), ErrorCode.APPROVAL_EXPIRED);
        assertThat(rows(dir, "settlement", "SELECT COUNT(*) FROM settlement")).containsExactly(List.of("0"));
        assertThat(rows(dir, "auth", "SELECT status FROM approval WHERE id = '" + approval.approvalId() + "'")).containsExactly(List.of("EXPIRED"));
        assertThat(rows(dir, "auth", "SELECT COALESCE(SUM(reserved + charged), 0) FROM budget WHERE subscriber_id = 'alice'")).containsExactly(List.of("0"));
    }
}
