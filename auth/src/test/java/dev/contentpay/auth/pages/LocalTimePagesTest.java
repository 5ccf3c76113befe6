package dev.contentpay.auth.pages;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An issuer billing in Tokyo: its pages show prices with their tax rate, and times and periods in Tokyo, named. */
class LocalTimePagesTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @TempDir
    static Path dir;
    static PagesFixture auth;

    @BeforeAll
    static void start() {
        auth = PagesFixture.start(dir, Map.of("billing.zone", "Asia/Tokyo"));
    }

    @AfterAll
    static void stop() {
        auth.close();
    }

    @Test
    void theApprovalPageShowsThePriceTaxInclusiveWithItsRateAndTheDeadlineInLocalTime() {
        var browser = auth.browser();
        String sealed = auth.purchase(216, 8);
        browser.get("/approve?purchase=" + URLEncoder.encode(sealed, StandardCharsets.UTF_8));
        assertThat(browser.last.body()).contains("¥216 (incl. 8% tax)");

        browser.post("/approve/sign-in", Map.of("csrf", browser.field("csrf"), "purchase", sealed, "subscriberId", auth.subscriber(),
                "password", PagesFixture.PASSWORD));
        browser.get("/approve?purchase=" + URLEncoder.encode(sealed, StandardCharsets.UTF_8));
        var approved = browser.post("/approve", Map.of("csrf", browser.field("csrf"), "purchase", sealed, "attempt", browser.field("attempt")));

        assertThat(approved.statusCode()).isEqualTo(200);
        assertThat(approved.body()).containsPattern("\\d\\d:\\d\\d JST").doesNotContain(" UTC");
    }

    @Test
    void theStatementPageCoversTokyosMonthAndNamesTheZone() {
        var browser = auth.browser();
        String sealed = auth.purchase(800);
        browser.get("/approve?purchase=" + URLEncoder.encode(sealed, StandardCharsets.UTF_8));
        browser.post("/approve/sign-in", Map.of("csrf", browser.field("csrf"), "purchase", sealed, "subscriberId", auth.subscriber(),
                "password", PagesFixture.PASSWORD));

        var statement = browser.get("/account/statement");

        LocalDate today = LocalDate.ofInstant(Instant.now(), TOKYO);
        assertThat(statement.statusCode()).isEqualTo(200);
        assertThat(statement.body()).contains("value=\"" + today.withDayOfMonth(1) + "\"", "value=\"" + today + "\"", "(Asia/Tokyo)");
    }
}
