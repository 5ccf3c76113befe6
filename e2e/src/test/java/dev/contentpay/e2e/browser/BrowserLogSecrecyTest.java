package dev.contentpay.e2e.browser;

import dev.contentpay.e2e.CapturedLogs;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.contentpay.app.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No password, cookie value (session, remembered browser, form key, download token, approval) or
 * whole token reaches any log, at DEBUG, through a browser's purchases: a password sign-in that
 * remembers the browser, a PIN sign-in with the PIN step-up, a refusal, and a download.
 */
class BrowserLogSecrecyTest {

    @TempDir
    Path dir;

    @Test
    void theLogsOfABrowsersPurchasesHoldNoCredentialCookieOrToken() {
        Browser.requireChromium();
        var logs = CapturedLogs.at(Level.DEBUG);
        var secrets = new ArrayList<String>(List.of("alice-demo-pass", "bob-demo-pass", "wrong-guess-77"));
        try (Deployment d = WebDeployment.start(dir.resolve("data")); Browser browser = Browser.open("logSecrecy", dir.resolve("browser"))) {
            purchases(d, browser, secrets);
        } finally {
            logs.close();
        }
        assertThat(logs.events()).isNotEmpty();
        for (ILoggingEvent event : logs.events()) {
            String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? "" : " " + event.getThrowableProxy().getMessage());
            for (String secret : secrets) assertThat(line).as("a log line of %s", event.getLoggerName()).doesNotContain(secret);
            assertThat(line).as("a log line of %s", event.getLoggerName()).doesNotContainPattern("eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}\\.");
        }
    }

    private static void purchases(Deployment d, Browser browser, List<String> secrets) {
        String shop = WebDeployment.shop(d);
        browser.go(shop + "/items/wallpaper", "item");
        browser.click(By.xpath("//button[starts-with(., 'Buy for')]"), "/approve?purchase=", "approval");
        signIn(browser, "alice", "wrong-guess-77", false);
        signIn(browser, "alice", "alice-demo-pass", true);
        browser.click(By.xpath("//button[contains(., 'Approve and pay')]"), "/approve", "approved");
        browser.click(By.xpath("//button[contains(., 'Continue to')]"), "/checkout/receipts/", "receipt");
        browser.find(By.partialLinkText("Download")).click();
        browser.awaitDownload("wallpaper.png");
        secrets.addAll(browser.cookieValues());

        browser.go(WebDeployment.auth(d) + "/account", "account");
        browser.click(By.xpath("//button[contains(., 'Sign out')]"), "done=signed-out", "signed-out");
        browser.go(shop + "/items/video", "item-video");
        browser.click(By.xpath("//button[starts-with(., 'Buy for')]"), "/approve?purchase=", "approval-pin");
        browser.type(By.id("pin"), "1234");
        browser.click(By.xpath("//button[contains(., 'Sign in')]"), "/approve", "approval-step-up");
        browser.type(By.id("pin"), "1234");
        browser.click(By.xpath("//button[contains(., 'Approve and pay')]"), "/approve", "approved-video");
        browser.click(By.xpath("//button[contains(., 'Continue to')]"), "/checkout/receipts/", "receipt-video");
        secrets.addAll(browser.cookieValues());

        browser.go(WebDeployment.auth(d) + "/account", "account-again");
        browser.click(By.xpath("//button[contains(., 'Sign out')]"), "done=signed-out", "signed-out-again");
        browser.go(shop + "/items/ebook", "item-ebook");
        browser.click(By.xpath("//button[starts-with(., 'Buy for')]"), "/approve?purchase=", "approval-bob");
        browser.click(By.linkText("Not alice? Sign in with an id and password"), "with=password", "password-form");
        signIn(browser, "bob", "bob-demo-pass", false);
        browser.click(By.xpath("//button[contains(., 'Approve and pay')]"), "/approve", "refused");
        secrets.addAll(browser.cookieValues());
    }

    private static void signIn(Browser browser, String id, String password, boolean remember) {
        browser.type(By.id("subscriberId"), id);
        browser.type(By.id("password"), password);
        if (remember) browser.tick(By.id("remember"));
        browser.click(By.xpath("//button[normalize-space(.) = 'Sign in']"), "/approve", "signed-in-" + id);
    }
}
