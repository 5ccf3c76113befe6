package dev.contentpay.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contentpay.platform.db.TestDatabases;
import dev.contentpay.platform.http.Json;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * contentpay bench drives real purchases and says what it measured. Speed is never asserted here:
 * only that purchases completed through every step and that the summary holds what it promises.
 */
class BenchCommandEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void aClosedLoopWithTerminalCredentialsCompletesPurchasesAndSummarisesThemAsJson() throws Exception {
        Cli.Run run = Cli.harness("bench", "--self", "--data", dir.toString(), "--buyers", "2", "--subscribers", "2",
                "--warmup", "0s", "--duration", "2s", "--jfr", dir.resolve("bench.jfr").toString(), "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode report = Json.MAPPER.readTree(run.out());
        assertThat(report.get("mode").asText()).isEqualTo("closed");
        assertThat(report.get("credentials").asText()).isEqualTo("terminal credentials");
        assertThat(report.get("purchases").asLong()).isPositive();
        assertThat(report.get("latency").get("count").asLong()).isEqualTo(report.get("purchases").asLong());
        assertThat(report.get("steps").fieldNames()).toIterable().containsExactly("select", "approve", "present");
        assertThat(report.get("steps").get("present").get("p50").asDouble()).isPositive();
        assertThat(report.get("notices").get("drainedAfterSeconds").isNumber()).as("every payment notice reached auth").isTrue();
        assertThat(report.get("memory").get("maxRssBytes").asLong()).isPositive();
        assertThat(report.get("cpu").get("millisPerPurchase").asDouble()).isPositive();
        assertThat(report.get("cpu").get("jitMillisPerPurchase").isNumber()).as("HotSpot counts its compilation time").isTrue();
        assertThat(report.get("cpu").get("gcMillisPerPurchase").asDouble()).isNotNegative();
        assertThat(report.get("database").asText()).isEqualTo("sqlite");
        assertThat(dir.resolve("bench.jfr")).isNotEmptyFile();
        assertThat(run.err()).contains("purchases/s");
    }

    @Test
    void anOpenLoopWithPasswordsPrintsItsSummaryAndTheRawHashRate() {
        Cli.Run run = Cli.harness("bench", "--self", "--data", dir.toString(), "--rate", "4", "--subscribers", "1",
                "--warmup", "0s", "--duration", "2s", "--password-every-purchase");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("contentpay bench: open loop at 4 purchases/s, password every purchase, item wallpaper")
                .contains("item wallpaper, on SQLite").contains("JIT compiling ")
                .contains("(from the scheduled start)").contains("service ").contains("approve ").contains("argon2id ").contains("cpu ")
                .containsPattern("purchases +[1-9][0-9]* completed");
    }

    @Test
    void postgresIsRefusedAgainstARunningDeploymentWhoseDatabaseTheBenchDoesNotChoose() {
        Cli.Run run = Cli.harness("bench", "--database", "postgres", "--duration", "1s");

        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("validation_failed").contains("--database postgres needs --self");
    }

    /** In the PostgreSQL half of the suite: the servers run on fresh databases that are gone afterwards. */
    @Test
    void aRunOnPostgresMakesItsOwnDatabasesAndDropsThem() {
        Assumptions.assumeTrue(TestDatabases.postgres(), "the PostgreSQL half of the suite");
        String admin = System.getenv(TestDatabases.POSTGRES_URL);
        Cli.Run run = Cli.harness("bench", "--self", "--data", dir.toString(), "--database", "postgres", "--postgres-url", admin,
                "--buyers", "2", "--subscribers", "2", "--warmup", "0s", "--duration", "2s", "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        var made = java.util.regex.Pattern.compile("made the PostgreSQL databases (contentpay_bench_[0-9a-f]{8})_\\{auth,settlement,shop,bureau\\}")
                .matcher(run.err());
        assertThat(made.find()).as(run.err()).isTrue();
        JsonNode report;
        try {
            report = Json.MAPPER.readTree(run.out());
        } catch (java.io.IOException e) {
            throw new AssertionError(run.out(), e);
        }
        assertThat(report.get("database").asText()).isEqualTo("postgres");
        assertThat(report.get("purchases").asLong()).isPositive();
        assertThat(report.get("failed").asLong()).isZero();
        assertThat(report.get("cpu").get("millisPerPurchase").asDouble()).isPositive();
        assertThat(dir.resolve("auth.db")).as("no SQLite file").doesNotExist();
        assertThat(TestDatabases.rows(admin, "SELECT datname FROM pg_database WHERE datname LIKE '" + made.group(1) + "%'"))
                .as("every database the run made is dropped").isEmpty();
    }
}
