package dev.contentpay.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash harness and the races of docs/RELIABILITY.md, CI-sized: {@code contentpay chaos} runs
 * the four servers as processes, kills them with SIGKILL at seeded points while buyers keep buying,
 * and checks invariants 1 to 5 on their databases; the long runs are the same command with more
 * runs. The harness's check is shown to fail on a database where money went missing.
 */
class ChaosEndToEndTest {

    /** Draws: settlement killed after a commit before its notice is sent, auth and settlement at seeded moments. */
    private static final String SEED = "45";

    @TempDir
    Path dir;

    @Test
    void killingTheServersAtSeededPointsWhileBuyersBuyBreaksNoInvariantAndTheCheckCatchesALostCharge() throws java.sql.SQLException {
        Cli.Run run = Cli.harness("chaos", "--mode", "kill", "--runs", "1", "--kills", "3", "--seed", SEED, "--dir", dir.toString(), "--keep");

        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).contains("seed 45: kill schedule [settlement@after-commit").contains("3 kills (0 fault points not reached)")
                .contains("chaos: every invariant held");
        Path kept = dir.resolve("run-" + SEED);
        assertThat(Cli.harness("chaos", "--check", kept.toString()).exit()).isZero();

        // The issuer loses one charge: money is no longer conserved, and the budget no longer adds up.
        // The harness's servers always keep SQLite files, whichever database the rest of the suite uses.
        try (var auth = java.sql.DriverManager.getConnection("jdbc:sqlite:" + kept.resolve("data/auth.db"))) {
            auth.createStatement().executeUpdate("DELETE FROM use_entry WHERE id = (SELECT MIN(id) FROM use_entry WHERE kind = 'CHARGE')");
        }
        Cli.Run check = Cli.harness("chaos", "--check", kept.toString());
        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.out()).contains("invariant 3 (money conserved between issuer and merchant) broken")
                .contains("invariant 2 (limits kept) broken").contains("chaos: FAILED");
    }

    @Test
    void oneApprovalPresentedManyTimesAtOnceGivesOneReceiptAndAHundredPurchasesAtOnceKeepTheLimit() {
        Cli.Run replays = Cli.harness("chaos", "--mode", "replay", "--runs", "2", "--seed", "7", "--dir", dir.toString());
        assertThat(replays.exit()).as(replays.all()).isZero();
        assertThat(replays.out()).contains("2 approvals presented at once").contains("0 gave more than one receipt, 0 gave none")
                .contains("receipt=2,");

        Cli.Run limits = Cli.harness("chaos", "--mode", "limit", "--runs", "1", "--seed", "7", "--dir", dir.toString());
        assertThat(limits.exit()).as(limits.all()).isZero();
        assertThat(limits.out()).contains("1 budgets, 100 purchases at once, 0 passed the limit, 0 settled other than exactly what fits");
    }
}
