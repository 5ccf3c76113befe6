package dev.contentpay.e2e.browser;

import dev.contentpay.app.Deployment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The purchase in a real browser (docs/WEB.md), across the three parties' pages: the shop's
 * storefront, the issuer's approval page, the merchant's download page. Each test has its own
 * deployment and a fresh browser profile.
 */
class BrowserCheckoutTest {

    @TempDir
    Path dir;
    Deployment deployment;
    Browser browser;

    @BeforeEach
    void start(TestInfo test) {
        Browser.requireChromium();
        deployment = WebDeployment.start(dir.resolve("data"));
        browser = Browser.open(test.getTestMethod().orElseThrow().getName(), dir.resolve("browser"));
    }

    @AfterEach
    void stop() {
        if (browser != null) browser.close();
        if (deployment != null) deployment.close();
    }

    @Test
    void aliceBuysTheEbookAndDownloadsExactlyItsBytes() {
        browser.go(WebDeployment.shop(deployment), "catalog");
        browser.click(By.linkText("Tales of the Sakura Road"), "/items/ebook", "item");
        buy();
        assertThat(browser.text()).contains("Sakura Contents", "Tales of the Sakura Road", "¥800");
        signInWithPassword("alice", false, "approval-confirm");
        assertThat(browser.text()).contains("Left of your monthly limit", "¥10,000", "After this purchase", "¥9,200");

        browser.click(By.xpath("//button[contains(., 'Approve and pay ¥800')]"), "/approve", "approved");
        assertThat(browser.heading()).isEqualTo("Payment approved");
        browser.click(By.xpath("//button[contains(., 'Continue to Sakura Contents')]"), "/checkout/receipts/", "receipt");

        assertThat(browser.text()).contains("You bought Tales of the Sakura Road for ¥800 (incl. 10% tax).", "Receipt", "Sakura Contents",
                "Consumption tax (10%)").doesNotContain("Receipt number");
        browser.find(By.cssSelector("details.ids summary")).click();
        assertThat(browser.text()).as("the ids open under Details").contains("Receipt number", "SHA-256");
        assertThat(browser.url()).doesNotContain("token");
        String link = browser.find(By.partialLinkText("Download")).getAttribute("href");
        assertThat(link).endsWith("/download").doesNotContain("token");
        browser.find(By.partialLinkText("Download")).click();
        assertThat(browser.awaitDownload("ebook.epub")).isEqualTo(WebDeployment.demoFile("ebook.epub"));

        browser.go(WebDeployment.auth(deployment) + "/account", "account");
        assertThat(browser.text()).contains("Hello, Alice", "¥9,200");
        browser.go(WebDeployment.auth(deployment) + "/account/statement", "statement-before-notice");
        awaitStatementLine("Sakura Contents (T2010001000008): Tales of the Sakura Road");
    }

    @Test
    void aliceBuysWithTheKeyboardAlone() {
        browser.go(WebDeployment.shop(deployment) + "/items/wallpaper", "item");
        assertThat(browser.tabTo(By.xpath("//button[starts-with(., 'Buy for')]"), 30)).as("Buy is reached with Tab").isTrue();
        assertThat(browser.focusOutline()).as("the focused button shows it").startsWith("solid");
        browser.press(Keys.ENTER, "/approve?purchase=", "approval");

        assertThat(browser.tabTo(By.id("subscriberId"), 30)).isTrue();
        browser.keys("alice", Keys.TAB, "alice-demo-pass");
        browser.press(Keys.ENTER, "/approve", "approval-confirm");
        assertThat(browser.tabTo(By.xpath("//button[contains(., 'Approve and pay')]"), 30)).isTrue();
        browser.press(Keys.ENTER, "/approve", "approved");
        assertThat(browser.heading()).isEqualTo("Payment approved");
        assertThat(browser.tabTo(By.xpath("//button[contains(., 'Continue to')]"), 30)).isTrue();
        browser.press(Keys.ENTER, "/checkout/receipts/", "receipt");
        assertThat(browser.tabTo(By.partialLinkText("Download"), 30)).isTrue();
        browser.keys(Keys.ENTER);

        assertThat(browser.awaitDownload("wallpaper.png")).isEqualTo(WebDeployment.demoFile("wallpaper.png"));
    }

    @Test
    void bobIsRefusedWithASentenceAndNothingIsIssued() {
        browser.go(WebDeployment.shop(deployment) + "/items/ebook", "item");
        buy();
        signInWithPassword("bob", false, "approval-confirm");

        browser.click(By.xpath("//button[contains(., 'Approve and pay')]"), "/approve", "refused");

        assertThat(browser.find(By.cssSelector("[role=alert]")).getText())
                .isEqualTo("Your issuer declined credit for this purchase. Nothing was charged.");
        assertThat(browser.all(By.xpath("//button[contains(., 'Approve')]"))).isEmpty();
        browser.click(By.linkText("Back to the shop"), "/items/ebook", "shop-after-refusal");
        assertThat(browser.find(By.cssSelector(".refusal[role=alert]")).getText()).contains("Payment refused",
                "Your issuer did not approve the purchase. Nothing was charged.");
        assertThat(WebDeployment.number(dir.resolve("data"), "auth", "SELECT COUNT(*) FROM approval WHERE subscriber_id = 'bob'")).isZero();
    }

    @Test
    void aliceCancelsOnTheApprovalPageAndNothingIsCharged() {
        browser.go(WebDeployment.shop(deployment) + "/items/ebook", "item");
        buy();
        signInWithPassword("alice", false, "approval-confirm");

        browser.click(By.linkText("Cancel"), "/items/ebook", "shop-after-cancel");

        assertThat(browser.find(By.cssSelector("[role=status]")).getText()).contains("Purchase cancelled", "You cancelled the purchase. Nothing was charged.");
        Path data = dir.resolve("data");
        assertThat(WebDeployment.number(data, "auth", "SELECT COUNT(*) FROM approval WHERE subscriber_id = 'alice'")).isZero();
        assertThat(WebDeployment.number(data, "auth", "SELECT COUNT(*) FROM use_entry WHERE subscriber_id = 'alice'")).isZero();
        assertThat(WebDeployment.number(data, "auth",
                "SELECT COALESCE(SUM(reserved + charged), 0) FROM budget WHERE subscriber_id = 'alice'")).isZero();
        assertThat(WebDeployment.number(data, "settlement", "SELECT COUNT(*) FROM settlement")).isZero();
    }

    @Test
    void aliceLowersHerLimitAndAPurchaseAboveItIsRefused() {
        browser.go(WebDeployment.auth(deployment) + "/account", "account-sign-in");
        signInWithPassword("alice", false, "account");
        browser.type(By.id("limit-input"), "500");
        browser.click(By.xpath("//button[contains(., 'Lower my limit')]"), "done=limit", "limit-lowered");
        assertThat(browser.text()).contains("Your monthly limit was lowered.");
        assertThat(browser.find(By.id("limit")).getText()).isEqualTo("¥500");

        browser.go(WebDeployment.shop(deployment) + "/items/ebook", "item");
        buy();

        assertThat(browser.find(By.cssSelector("[role=alert]")).getText())
                .isEqualTo("This purchase is more than what remains of your budget, so it cannot be approved.");
        assertThat(browser.all(By.xpath("//button[contains(., 'Approve')]"))).isEmpty();
        assertThat(WebDeployment.number(dir.resolve("data"), "auth", "SELECT COUNT(*) FROM approval WHERE subscriber_id = 'alice'")).isZero();
    }

    @Test
    void aRememberedBrowserSignsInWithThePinAndStillAsksForItAboveThePinAmount() {
        browser.go(WebDeployment.shop(deployment) + "/items/wallpaper", "item-wallpaper");
        buy();
        signInWithPassword("alice", true, "approval-confirm");
        browser.click(By.xpath("//button[contains(., 'Approve and pay')]"), "/approve", "approved");
        browser.click(By.xpath("//button[contains(., 'Continue to')]"), "/checkout/receipts/", "receipt-wallpaper");
        browser.go(WebDeployment.auth(deployment) + "/account", "account");
        browser.click(By.xpath("//button[contains(., 'Sign out')]"), "done=signed-out", "signed-out");

        browser.go(WebDeployment.shop(deployment) + "/items/video", "item-video");
        buy();
        assertThat(browser.text()).contains("This browser is remembered for alice");
        browser.type(By.id("pin"), "1234");
        browser.click(By.xpath("//button[contains(., 'Sign in')]"), "/approve", "approval-pin-step-up");
        assertThat(browser.text()).contains("This purchase is above your PIN amount");
        browser.type(By.id("pin"), "1234");
        browser.click(By.xpath("//button[contains(., 'Approve and pay ¥1,200')]"), "/approve", "approved-video");
        browser.click(By.xpath("//button[contains(., 'Continue to')]"), "/checkout/receipts/", "receipt-video");
        browser.find(By.partialLinkText("Download")).click();
        assertThat(browser.awaitDownload("video.gif")).isEqualTo(WebDeployment.demoFile("video.gif"));

        browser.go(WebDeployment.auth(deployment) + "/account/terminals", "terminals");
        assertThat(browser.text()).contains("Web browser (Chrome on Linux)", "this browser");
        browser.click(By.xpath("//button[contains(., 'Revoke')]"), "done=revoked", "terminal-revoked");
        assertThat(browser.text()).contains("The terminal was revoked.", "Revoked");
    }

    /** The charge shows on the statement once settlement's payment notice reached auth (a moment after the sale). */
    private void awaitStatementLine(String line) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (!browser.text().contains(line) && System.nanoTime() < deadline) browser.reload();
        browser.shot("statement");
        assertThat(browser.text()).contains(line, "Charge", "¥800");
    }

    /** Presses Buy on the item page shown and lands on the issuer's approval page. */
    private void buy() {
        browser.click(By.xpath("//button[starts-with(., 'Buy for')]"), "/approve?purchase=", "approval");
    }

    private void signInWithPassword(String subscriber, boolean remember, String page) {
        browser.type(By.id("subscriberId"), subscriber);
        browser.type(By.id("password"), subscriber + "-demo-pass");
        if (remember) browser.tick(By.id("remember"));
        String current = browser.url().contains("/account") ? "/account" : "/approve";
        browser.click(By.xpath("//button[normalize-space(.) = 'Sign in']"), current, page);
    }
}
