package dev.contentpay.e2e.browser;

import dev.contentpay.app.Deployment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page of the three parties in Japanese and in English, in a real browser: the shop's
 * catalog, item, refusal and problem pages; the issuer's sign-in, approval (both steps), approved,
 * account, statement, terminals and problem pages, and its admin page of reversals; the merchant's
 * receipt, problem and operator pages, the operator's with a reversal waiting for its answer. Each is checked for its {@code <html lang>}, words of its language and no sideways scroll
 * on a 390 px phone, and photographed at 390 and 1280 px as
 * {@code e2e/target/screenshots/<page>-<lang>-<width>.png}.
 */
class PagesInBothLanguagesTest {

    static final Path SHOTS = Path.of("target", "screenshots");
    static final int DESKTOP = 1280;

    @TempDir
    Path dir;
    Deployment deployment;
    Browser browser;
    String shop;
    String auth;
    String settlement;

    @BeforeEach
    void start() {
        Browser.requireChromium();
        deployment = WebDeployment.start(dir.resolve("data"));
        browser = Browser.open("PagesInBothLanguagesTest", dir.resolve("browser"));
        shop = WebDeployment.shop(deployment).replaceAll("/+$", "");
        auth = WebDeployment.auth(deployment).replaceAll("/+$", "");
        settlement = deployment.settlement().url().toString().replaceAll("/+$", "");
    }

    @AfterEach
    void stop() {
        if (browser != null) browser.close();
        if (deployment != null) deployment.close();
    }

    @Test
    void everyPageIsInEnglishForABrowserThatAsksForEnglish() throws Exception {
        everyPage("en", "en-US,en;q=0.9", Words.ENGLISH);
    }

    @Test
    void everyPageIsInJapaneseForABrowserThatAsksForJapanese() throws Exception {
        everyPage("ja", "ja-JP,ja;q=0.9,en;q=0.5", Words.JAPANESE);
    }

    @Test
    void theSwitchLinkChangesTheLanguageAndTheChoiceOutweighsTheBrowsersAcrossTheParties() {
        browser.acceptLanguage("en");
        browser.go(shop + "/", "switch-catalog-en");
        assertThat(browser.lang()).isEqualTo("en");

        browser.click(By.linkText("日本語"), "lang=ja", "switch-catalog-ja");
        assertThat(browser.lang()).isEqualTo("ja");
        assertThat(browser.text()).contains("すべて");

        // The demo's parties share one host, so the remembered choice reaches the issuer's pages too.
        browser.go(auth + "/account", "switch-account-ja");
        assertThat(browser.lang()).isEqualTo("ja");
        browser.click(By.linkText("English"), "lang=en", "switch-account-en");
        assertThat(browser.lang()).isEqualTo("en");
        assertThat(browser.text()).contains("Subscriber id");
    }

    /** The words that tell one language's page from the other's, page by page. */
    record Words(String catalog, String item, String refusal, String shopError, String signIn, String authError, String problem,
                 String approveSignIn, String approve, String approved, String receipt, String account, String statement,
                 String terminals, String operator, String reversals, String openReversal) {
        static final Words ENGLISH = new Words("paid for through your carrier", "Buy for", "Payment refused", "No such item",
                "Subscriber id", "This purchase cannot be approved", "This receipt cannot be opened here", "Sign in to approve",
                "Approve and pay", "Payment approved", "incl. 10% tax", "Your budget", "Your statement", "Your terminals", "Ledger",
                "Not received (not_received)", "Waiting for our answer (opened)");
        static final Words JAPANESE = new Words("携帯電話会社のお支払いで", "で購入する", "お支払いが承認されませんでした", "商品が見つかりません",
                "加入者ID", "この購入は承認できません", "この領収書はここでは開けません", "承認するにはサインインしてください",
                "の支払いを承認する", "お支払いを承認しました", "税込", "ご利用可能額", "ご利用明細", "ご利用端末", "元帳",
                "未着 (not_received)", "当店の回答待ち (opened)");
    }

    private void everyPage(String lang, String acceptLanguage, Words words) throws Exception {
        browser.forgetCookies();
        browser.acceptLanguage(acceptLanguage);

        page(shop + "/", "shop-catalog", lang, words.catalog());
        page(shop + "/items/ebook?outcome=refused", "shop-refusal", lang, words.refusal());
        assertThat(browser.find(By.cssSelector(".refusal[role=alert] h2")).getText()).isNotBlank();
        page(shop + "/items/no-such-item", "shop-error", lang, words.shopError());
        assertThat(browser.text()).contains("unknown_item");
        page(auth + "/account", "auth-sign-in", lang, words.signIn());
        page(auth + "/approve?purchase=not-a-sealed-purchase", "auth-error", lang, words.authError());
        assertThat(browser.all(By.cssSelector("main a.button"))).isNotEmpty();
        page(settlement + "/checkout/receipts/stl_none", "settlement-problem", lang, words.problem());
        assertThat(browser.text()).contains("download_forbidden");

        page(shop + "/items/ebook", "shop-item", lang, words.item());
        assertThat(browser.text()).doesNotContain("command line", "コマンドライン");
        browser.click(By.cssSelector("form.buy-form button"), "/approve?purchase=", "approve-sign-in-" + lang);
        check("auth-approve-sign-in", lang, words.approveSignIn());
        browser.type(By.id("subscriberId"), "alice");
        browser.type(By.id("password"), "alice-demo-pass");
        browser.click(By.cssSelector("form.card button[type=submit]"), "/approve", "approve-" + lang);
        check("auth-approve", lang, words.approve());
        browser.click(By.cssSelector("form[action='/approve'] button"), "/approve", "approved-" + lang);
        check("auth-approved", lang, words.approved());
        browser.click(By.cssSelector("main form button"), "/checkout/receipts/", "receipt-" + lang);
        check("settlement-receipt", lang, words.receipt());
        assertThat(browser.find(By.cssSelector("a.button.primary[download]")).isDisplayed()).isTrue();
        var ids = browser.find(By.cssSelector("details.ids"));
        assertThat(ids.getDomAttribute("open")).as("the ids and hash are behind a closed disclosure").isNull();
        assertThat(ids.findElement(By.tagName("summary")).getText()).isEqualTo("ja".equals(lang) ? "明細" : "Details");

        page(auth + "/account", "auth-account", lang, words.account());
        page(auth + "/account/terminals", "auth-terminals", lang, words.terminals());
        awaitStatementWith("Tales of the Sakura Road");
        check("auth-statement", lang, words.statement());
        assertThat(browser.hiddenSideways(".table-wrap")).as("the statement's tables fit the phone without scrolling inside").isZero();

        String merchantOperator = WebDeployment.operatorBasic(deployment.settlement().config().adminTokenFile());
        browser.header("Authorization", merchantOperator);
        page(settlement + "/admin", "settlement-operator", lang, words.operator());

        // The issuer opens a reversal of the purchase: its admin page lists it, the merchant's operator page asks for an answer.
        String reversal = WebDeployment.openReversal(deployment, dir.resolve("data"));
        page(settlement + "/admin", "settlement-operator-reversal", lang, words.openReversal());
        assertThat(browser.text()).contains(reversal);
        browser.header("Authorization", WebDeployment.operatorBasic(dir.resolve("data/keys/auth-admin.token")));
        page(deployment.auth().adminUrl().toString().replaceAll("/+$", "") + "/admin/reversals", "auth-reversals", lang, words.reversals());
        assertThat(browser.text()).contains(reversal);
        browser.header("Authorization", null);
    }

    private void page(String url, String name, String lang, String words) {
        browser.go(url, name + "-" + lang);
        check(name, lang, words);
    }

    /**
     * The page shown is in {@code lang} with {@code words} on it, fits the phone without scrolling
     * sideways, and is photographed at the phone's width and a desktop's.
     */
    private void check(String name, String lang, String words) {
        assertThat(browser.lang()).as(name + " <html lang>").isEqualTo(lang);
        assertThat(browser.text()).as(name + " in " + lang).contains(words);
        assertThat(browser.layoutWidth()).as(name + " fits a " + Browser.WIDTH + " px phone").isLessThanOrEqualTo(Browser.WIDTH);
        browser.saveShot(SHOTS.resolve(name + "-" + lang + "-" + Browser.WIDTH + ".png"));
        browser.width(DESKTOP);
        browser.saveShot(SHOTS.resolve(name + "-" + lang + "-" + DESKTOP + ".png"));
        browser.width(Browser.WIDTH);
    }

    /** The statement, once settlement's payment notice reached auth (a moment after the sale). */
    private void awaitStatementWith(String line) {
        browser.go(auth + "/account/statement", "statement");
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos();
        while (!browser.text().contains(line) && System.nanoTime() < deadline) browser.reload();
        assertThat(browser.text()).contains(line);
    }
}
