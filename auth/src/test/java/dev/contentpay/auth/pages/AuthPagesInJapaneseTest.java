package dev.contentpay.auth.pages;

import dev.contentpay.platform.web.PageBundles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The issuer's pages in Japanese and English: Accept-Language, the switch link that keeps the purchase, error sentences with their code. */
class AuthPagesInJapaneseTest {

    @TempDir
    static Path dir;
    static PagesFixture auth;

    @BeforeAll
    static void start() {
        auth = PagesFixture.start(dir);
    }

    @AfterAll
    static void stop() {
        auth.close();
    }

    @Test
    void theJapaneseAndEnglishBundlesHaveTheSameKeysAndEveryKeyUsedIsInThem() {
        PageBundles.assertComplete(PageRenderer.WORDS, Path.of("src/main/jte"), Path.of("src/main/java"));
        // Keys made from values: every status a subscriber can have, every kind of statement line and account.
        var english = PageRenderer.WORDS.in(java.util.Locale.ENGLISH);
        for (var status : dev.contentpay.auth.subscriber.Subscriber.Status.values()) assertThat(english.containsKey("status." + status.name())).isTrue();
        for (String kind : java.util.List.of("charge", "refund", "void", "points_earned", "points_revoked")) {
            assertThat(english.containsKey("line." + kind)).as(kind).isTrue();
        }
        for (String kind : java.util.List.of("prepaid", "points", "credit")) {
            assertThat(english.keySet()).contains("remaining." + kind, "kind." + kind);
        }
    }

    @Test
    void theApprovalPageIsInJapaneseForABrowserThatPrefersItAndItsSwitchKeepsThePurchase() {
        String sealed = auth.purchase(800);
        var page = auth.browser().get(approvePath(sealed), "Accept-Language", "ja-JP,ja;q=0.9,en;q=0.8");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<html lang=\"ja\">", "お支払いの承認", "加盟店", "パスワード", "800円 (税込, 10%)",
                "href=\"/approve?purchase=" + URLEncoder.encode(sealed, StandardCharsets.UTF_8) + "&amp;lang=en\"");
        assertThat(page.headers().firstValue("Vary")).hasValueSatisfying(v -> assertThat(v).contains("Accept-Language", "Cookie"));
    }

    @Test
    void aWrongPasswordIsSaidInTheLanguageChosenBySwitchAndRememberedByTheCookie() {
        String sealed = auth.purchase(800);
        var browser = auth.browser();
        browser.get(approvePath(sealed) + "&lang=ja");
        var refused = browser.post("/approve/sign-in", Map.of("csrf", browser.field("csrf"), "purchase", sealed,
                "subscriberId", auth.subscriber(), "password", "not the password"));

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("<html lang=\"ja\">", "加入者IDまたはパスワードが違います。");
    }

    @Test
    void aPurchaseThatCannotBeOpenedIsExplainedWithItsCodeAndALinkOnInBothLanguages() {
        String sealed = auth.purchase(800);
        String tampered = sealed.substring(0, sealed.length() - 4) + "AAAA";

        var japanese = auth.browser().get(approvePath(tampered), "Accept-Language", "ja");
        var english = auth.browser().get(approvePath(tampered));

        assertThat(japanese.statusCode()).isEqualTo(400);
        assertThat(japanese.body()).contains("この購入は承認できません", "この購入は無効になっています", "エラーコード: purchase_info_invalid",
                "<a class=\"button\" href=\"/account\">");
        assertThat(english.body()).contains("This purchase cannot be approved", "Error code: purchase_info_invalid",
                "<a class=\"button\" href=\"/account\">");
    }

    private static String approvePath(String sealed) {
        return "/approve?purchase=" + URLEncoder.encode(sealed, StandardCharsets.UTF_8);
    }
}
