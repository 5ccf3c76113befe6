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
import java.util.Map;

import static dev.contentpay.e2e.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

/** The terminal's command line, run in-process against the real servers. */
class CommandLineEndToEndTest {

    @TempDir
    static Path dir;
    static Deployment deployment;


    @BeforeAll
    static void start() {
        deployment = TestDeployment.start(dir, Map.of());
    }

    @AfterAll
    static void stop() {
        deployment.close();
    }

    @Test
    void catalogListsTheFiveDemoItemsWithTheirPrices() {
        var run = run("", "catalog", "--shop", deployment.shop().url().toString());
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("wallpaper", "ringtone", "game", "ebook", "video", "1,200 JPY");
    }

    @Test
    void buySavesTheContentAndPrintsAReceipt(@TempDir Path out) throws Exception {
        var run = run("alice-demo-pass\n", "buy", "--shop", deployment.shop().url().toString(), "--auth", deployment.auth().url().toString(),
                "--user", "alice", "--password-stdin", "--out", out.toString(), "ebook");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("Bought", "800 JPY", "ebook.epub");
        byte[] saved = Files.readAllBytes(out.resolve("ebook.epub"));
        try (var in = getClass().getClassLoader().getResourceAsStream("demo/ebook.epub")) {
            assertThat(saved).isEqualTo(in.readAllBytes());
        }
    }

    @Test
    void buyWithJsonPrintsTheOutcomeAsJson(@TempDir Path out) throws Exception {
        var run = run("alice-demo-pass\n", "buy", "--json", "--shop", deployment.shop().url().toString(), "--auth",
                deployment.auth().url().toString(), "--user", "alice", "--password-stdin", "--out", out.toString(), "wallpaper");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode doc = Json.MAPPER.readTree(run.out());
        assertThat(doc.get("status").asText()).isEqualTo("completed");
        assertThat(doc.get("receipt").get("amount").get("amount").asLong()).isEqualTo(100);
        assertThat(Files.size(out.resolve("wallpaper.png"))).isPositive();
    }

    @Test
    void aRefusalPrintsOnePlainSentenceAndExitsNonZero(@TempDir Path out) {
        var run = run("bob-demo-pass\n", "buy", "--shop", deployment.shop().url().toString(), "--auth", deployment.auth().url().toString(),
                "--user", "bob", "--password-stdin", "--out", out.toString(), "wallpaper");
        assertThat(run.exit()).isNotZero();
        assertThat(run.err().strip()).contains("declined credit").doesNotContain("Exception").doesNotContain("\n");
        assertThat(out).isEmptyDirectory();
    }

    @Test
    void aRefusalWithJsonNamesItsCode(@TempDir Path out) throws Exception {
        var run = run("Wr0ng-Secret-42\n", "buy", "--json", "--shop", deployment.shop().url().toString(), "--auth", deployment.auth().url().toString(),
                "--user", "alice", "--password-stdin", "--out", out.toString(), "wallpaper");
        assertThat(run.exit()).isNotZero();
        assertThat(Json.MAPPER.readTree(run.out()).get("code").asText()).isEqualTo("bad_credentials");
        assertThat(run.out() + run.err()).doesNotContain("Wr0ng-Secret-42");
    }

    @Test
    void historyShowsChargesAndTheRemainingBudget(@TempDir Path out) {
        run("carol-demo-pass\n", "buy", "--shop", deployment.shop().url().toString(), "--auth", deployment.auth().url().toString(),
                "--user", "carol", "--password-stdin", "--out", out.toString(), "wallpaper");
        var history = TestDeployment.awaitHistory(deployment, "carol", h -> h.charged().amount() == 100);
        assertThat(history.remaining().amount()).isEqualTo(400);
        var run = run("carol-demo-pass\n", "history", "--auth", deployment.auth().url().toString(), "--user", "carol", "--password-stdin");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("prepaid", "remaining 400 JPY", "Sakura Contents", "charged");
    }

    @Test
    void theCommandLineSpeaksJapaneseWhenAskedAndItsJsonStaysTheSame(@TempDir Path out) throws Exception {
        String shop = deployment.shop().url().toString();
        String auth = deployment.auth().url().toString();

        var catalog = run("", "catalog", "--lang", "ja", "--shop", shop);
        var bought = run("alice-demo-pass\n", "buy", "--lang", "ja", "--shop", shop, "--auth", auth, "--user", "alice", "--password-stdin",
                "--out", out.toString(), "ringtone");
        var refused = run("bob-demo-pass\n", "buy", "--lang", "ja", "--shop", shop, "--auth", auth, "--user", "bob", "--password-stdin",
                "--out", out.resolve("bob").toString(), "wallpaper");
        var json = run("", "catalog", "--lang", "ja", "--json", "--shop", shop);
        var statement = run("alice-demo-pass\n", "statement", "--lang", "ja", "--auth", auth, "--user", "alice", "--password-stdin");

        assertThat(catalog.out()).contains("商品", "価格", "1,200 JPY");
        assertThat(bought.exit()).as(bought.err()).isZero();
        assertThat(bought.out()).contains("を150 JPYで購入しました。", "保存先", "領収書");
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err().strip()).isEqualTo("発行者がこの購入の与信をお断りしました。料金は請求されていません。（credit_refused）");
        assertThat(Json.MAPPER.readTree(json.out()).get("items").size()).isEqualTo(5);
        assertThat(json.out()).doesNotContain("価格");
        assertThat(statement.exit()).as(statement.err()).isZero();
        assertThat(statement.out()).contains("alice さん（credit）のご利用明細", "ご利用限度額").doesNotContain("Statement of");
    }

    @Test
    void statementShowsTheBillOfTheMonth(@TempDir Path out) {
        run("alice-demo-pass\n", "buy", "--shop", deployment.shop().url().toString(), "--auth", deployment.auth().url().toString(),
                "--user", "alice", "--password-stdin", "--out", out.toString(), "ringtone");
        TestDeployment.awaitHistory(deployment, "alice", h -> h.entries().stream().anyMatch(e -> e.status().equals("charged") && e.amount().amount() == 150));
        var run = run("alice-demo-pass\n", "statement", "--auth", deployment.auth().url().toString(), "--user", "alice", "--password-stdin");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("Statement of alice (credit)", "Spring Chime Ringtone", "150 JPY", "remaining");
    }
}
