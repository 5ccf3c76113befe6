package dev.contentpay.e2e.browser;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contentpay.app.Deployment;
import dev.contentpay.platform.http.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page of a purchase and of the subscriber's account, and the operators' pages with a
 * reversal (the issuer's list, the merchant's operator page), checked by axe-core in the real
 * browser (docs/WEB.md): no violation of impact serious or critical on any of them; the lesser ones
 * are printed. Then the account page's pictures: the budget meter and the two charts carry their
 * names for a screen reader, and the figures of their hidden tables are the statement's own, as
 * the subscriber's JSON statement states them.
 */
class AccessibilityTest {

    @TempDir
    Path dir;
    Deployment deployment;
    Browser browser;
    private final Map<String, List<Axe.Violation>> found = new LinkedHashMap<>();

    @BeforeEach
    void start(TestInfo test) {
        Browser.requireChromium();
        Axe.script();
        deployment = WebDeployment.start(dir.resolve("data"));
        browser = Browser.open(test.getTestMethod().orElseThrow().getName(), dir.resolve("browser"));
    }

    @AfterEach
    void stop() {
        if (browser != null) browser.close();
        if (deployment != null) deployment.close();
    }

    @Test
    void noPageOfAPurchaseOrOfTheAccountHasASeriousViolation() throws Exception {
        String shop = WebDeployment.shop(deployment), auth = WebDeployment.auth(deployment);
        browser.go(shop, "catalog");
        check("shop catalog");
        browser.click(By.linkText("Tales of the Sakura Road"), "/items/ebook", "item");
        check("shop item");
        browser.click(By.xpath("//button[starts-with(., 'Buy for')]"), "/approve?purchase=", "approval");
        check("auth approval, sign-in step");
        browser.type(By.id("subscriberId"), "alice");
        browser.type(By.id("password"), "alice-demo-pass");
        browser.click(By.xpath("//button[normalize-space(.) = 'Sign in']"), "/approve", "approval-confirm");
        check("auth approval, confirm step");
        browser.click(By.xpath("//button[contains(., 'Approve and pay ¥800')]"), "/approve", "approved");
        check("auth approved");
        browser.click(By.xpath("//button[contains(., 'Continue to Sakura Contents')]"), "/checkout/receipts/", "receipt");
        check("settlement receipt");

        browser.go(auth + "/account", "account");
        awaitCharge();
        check("auth account");
        browser.go(auth + "/account/statement", "statement");
        check("auth statement");
        assertThat(hiddenTable("by-merchant-table")).as("the statement's chart").containsExactly(Map.entry("Sakura Contents", 800L));
        browser.go(auth + "/account/terminals", "terminals");
        check("auth terminals");
        browser.click(By.xpath("//button[contains(., 'Sign out')]"), "done=signed-out", "signed-out");
        check("auth sign-in");

        // The operators' pages with a reversal of the purchase: the issuer's list, the merchant's page with its answer forms.
        WebDeployment.openReversal(deployment, dir.resolve("data"));
        browser.header("Authorization", WebDeployment.operatorBasic(dir.resolve("data/keys/auth-admin.token")));
        browser.go(deployment.auth().adminUrl().resolve("/admin/reversals").toString(), "auth-reversals");
        check("auth admin reversals");
        browser.header("Authorization", WebDeployment.operatorBasic(deployment.settlement().config().adminTokenFile()));
        browser.go(deployment.settlement().url().resolve("/admin").toString(), "settlement-operator");
        check("settlement operator page");
        browser.header("Authorization", null);

        found.forEach((page, violations) -> violations.forEach(v -> System.out.println("axe, " + page + ": " + v)));
        List<String> failing = new ArrayList<>();
        found.forEach((page, violations) -> violations.stream().filter(Axe.Violation::failing).forEach(v -> failing.add(page + ": " + v)));
        assertThat(found).as("every page was checked").hasSize(12);
        assertThat(failing).as("axe violations of impact serious or critical").isEmpty();
    }

    @Test
    void theAccountsPicturesNameThemselvesAndStateTheStatementsFigures() throws Exception {
        browser.go(WebDeployment.auth(deployment) + "/account", "account-sign-in");
        browser.type(By.id("subscriberId"), "alice");
        browser.type(By.id("password"), "alice-demo-pass");
        browser.click(By.xpath("//button[normalize-space(.) = 'Sign in']"), "/account", "account-empty");
        assertThat(browser.find(By.id("by-month-empty")).getText()).isEqualTo("Nothing was charged in the last 6 months.");
        assertThat(browser.find(By.id("by-merchant-empty")).getText()).isEqualTo("Nothing was charged this month.");
        assertThat(browser.all(By.cssSelector("svg"))).isEmpty();

        browser.go(WebDeployment.shop(deployment) + "/items/ebook", "item");
        browser.click(By.xpath("//button[starts-with(., 'Buy for')]"), "/approve?purchase=", "approval");
        browser.click(By.xpath("//button[contains(., 'Approve and pay ¥800')]"), "/approve", "approved");
        browser.click(By.xpath("//button[contains(., 'Continue to Sakura Contents')]"), "/checkout/receipts/", "receipt");
        browser.go(WebDeployment.auth(deployment) + "/account", "account");
        awaitCharge();

        LocalDate today = LocalDate.parse(statementJson("").get("to").asText());
        JsonNode months = statementJson("?from=" + today.minusMonths(5).withDayOfMonth(1) + "&to=" + today);
        JsonNode thisMonth = statementJson("");

        WebElement meter = browser.find(By.id("budget-meter"));
        assertThat(meter.getAttribute("value")).isEqualTo(thisMonth.get("remaining").get("amount").asText());
        assertThat(meter.getAttribute("max")).isEqualTo(thisMonth.get("limit").get("amount").asText());
        assertThat(browser.find(By.cssSelector("label[for=budget-meter]")).getText()).isEqualTo("Left of your monthly limit");

        for (String chart : List.of("by-month", "by-merchant")) {
            WebElement svg = browser.find(By.id(chart));
            assertThat(svg.getAttribute("role")).isEqualTo("img");
            assertThat(svg.getAttribute("aria-labelledby")).isEqualTo(chart + "-title " + chart + "-desc");
            assertThat(browser.find(By.id(chart + "-title")).getAttribute("textContent")).isNotBlank();
            assertThat(browser.all(By.cssSelector("#" + chart + " rect"))).isNotEmpty();
        }
        assertThat(browser.find(By.id("by-month-title")).getAttribute("textContent")).isEqualTo("Spending by month");

        Map<String, Long> byMonth = hiddenTable("by-month-table");
        assertThat(byMonth).hasSize(6);
        assertThat(byMonth.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(months.get("net").get("amount").asLong());
        assertThat(List.copyOf(byMonth.values()).get(5)).isEqualTo(thisMonth.get("net").get("amount").asLong()).isEqualTo(800);

        Map<String, Long> expected = new LinkedHashMap<>();
        for (JsonNode line : thisMonth.get("lines")) {
            long sign = switch (line.get("kind").asText()) { case "charge" -> 1; case "refund" -> -1; default -> 0; };
            expected.merge(line.get("merchantName").asText(), sign * line.get("amount").get("amount").asLong(), Long::sum);
        }
        assertThat(hiddenTable("by-merchant-table")).isEqualTo(expected).containsEntry("Sakura Contents", 800L);
        // A screen reader reaches the tables; the eye does not (each is in one clipped pixel).
        assertThat(browser.all(By.cssSelector(".chart .visually-hidden"))).hasSize(2)
                .allSatisfy(hidden -> assertThat(hidden.getSize().getWidth()).isLessThanOrEqualTo(1));
    }

    /** Row name to amount (minor units), in the table's order. */
    private Map<String, Long> hiddenTable(String id) {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (WebElement row : browser.all(By.cssSelector("#" + id + " tbody tr"))) {
            String name = row.findElement(By.tagName("th")).getAttribute("textContent");
            rows.put(name, Long.parseLong(row.findElement(By.tagName("td")).getAttribute("data-amount")));
        }
        return rows;
    }

    private JsonNode statementJson(String query) throws Exception {
        String basic = Base64.getEncoder().encodeToString("alice:alice-demo-pass".getBytes(StandardCharsets.UTF_8));
        var request = HttpRequest.newBuilder(URI.create(WebDeployment.auth(deployment) + "/v1/subscriber/statement" + query))
                .header("Authorization", "Basic " + basic).timeout(Duration.ofSeconds(10)).GET().build();
        try (var client = HttpClient.newHttpClient()) {
            var response = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return Json.MAPPER.readTree(response.body());
        }
    }

    /** The charge is on the account once settlement's payment notice reached auth, a moment after the sale. */
    private void awaitCharge() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (browser.all(By.id("by-merchant")).isEmpty() && System.nanoTime() < deadline) browser.reload();
        browser.shot("account-charged");
        assertThat(browser.all(By.id("by-merchant"))).as("the merchant chart once the charge is applied").isNotEmpty();
    }

    private void check(String page) {
        found.put(page, Axe.check(browser));
    }
}
