package dev.contentpay.auth.terminal;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static dev.contentpay.auth.terminal.TestAuth.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The password form of an approval counts its right password in the approval's own transaction,
 * over real HTTP against a real auth server.
 */
class PasswordApprovalTest {

    private static final String PATH = "/v1/approvals";

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

    private static TestAuth.Answer approve(String subscriberId, String password, String sealed) {
        String body = "{\"subscriberId\":\"" + subscriberId + "\",\"password\":\"" + password + "\",\"purchase\":\"" + sealed + "\"}";
        return auth.post(PATH, Map.of("Idempotency-Key", TestAuth.key()), body);
    }

    @Test
    void theRightPasswordIsCountedInTheApprovalsOwnUnitOfWork() {
        String id = auth.subscriber();
        long[] before = auth.server.database().commitsAndUnits();
        Assumptions.assumeTrue(before[1] > 0, "this database does not count its units of work");
        int approvals = 20;
        for (int i = 0; i < approvals; i++) {
            assertThat(approve(id, PASSWORD, auth.purchase(10)).status()).isEqualTo(201);
        }
        long units = auth.server.database().commitsAndUnits()[1] - before[1];
        // Two each (the attempt's slot, then the approval with the success), where it took three;
        // a few more may be the server's own upkeep.
        assertThat(units).isBetween(2L * approvals, 2L * approvals + 10);
        assertThat(auth.count("SELECT in_flight FROM sign_in_failure WHERE typed_id = ?", id)).isZero();
    }

    @Test
    void aRightPasswordWhoseApprovalIsRefusedStillClearsTheFailures() {
        String id = auth.subscriber();
        String sealed = auth.purchase(300);
        assertThat(approve(id, PASSWORD, sealed).status()).isEqualTo(201);
        assertThat(approve(id, "wrong", auth.purchase(300)).code()).isEqualTo("bad_credentials");
        assertThat(approve(id, "wrong again", auth.purchase(300)).code()).isEqualTo("bad_credentials");
        assertThat(auth.count("SELECT failures FROM sign_in_failure WHERE typed_id = ?", id)).isEqualTo(2);

        // The same order again: refused by the approval's transaction, which rolls back the success
        // counted in it; the success is then counted on its own.
        var refused = approve(id, PASSWORD, sealed);
        assertThat(refused.code()).as(refused.toString()).isEqualTo("purchase_info_invalid");
        assertThat(auth.count("SELECT failures FROM sign_in_failure WHERE typed_id = ?", id)).isZero();
        assertThat(auth.count("SELECT in_flight FROM sign_in_failure WHERE typed_id = ?", id)).isZero();
        assertThat(auth.count("SELECT COUNT(*) FROM approval WHERE subscriber_id = ?", id)).isEqualTo(1);
    }
}
