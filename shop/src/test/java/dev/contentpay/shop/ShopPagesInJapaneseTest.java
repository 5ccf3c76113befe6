package dev.contentpay.shop;

import dev.contentpay.platform.web.PageBundles;
import dev.contentpay.shop.web.PageService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The shop's pages in Japanese and English, chosen by Accept-Language, the switch link and its cookie. */
class ShopPagesInJapaneseTest {

    @TempDir
    static Path dir;
    static TestShop shop;

    @BeforeAll
    static void start() {
        shop = TestShop.start(dir, Map.of("issuer.url", "http://issuer.test:9081/"), true);
    }

    @AfterAll
    static void stop() {
        shop.close();
    }

    @Test
    void theJapaneseAndEnglishBundlesHaveTheSameKeysAndEveryKeyUsedIsInThem() {
        PageBundles.assertComplete(PageService.WORDS, Path.of("src/main/jte"), Path.of("src/main/java"));
    }

    @Test
    void aBrowserThatPrefersJapaneseGetsTheCatalogInJapaneseAndTheAnswerSaysItVaries() {
        var response = shop.get("/", "Accept-Language", "ja-JP,ja;q=0.9,en;q=0.8");

        assertThat(TestShop.text(response)).contains("<html lang=\"ja\">", "購入する", "href=\"/?lang=en\"")
                .contains("円 (税込, 10%)");
        assertThat(response.headers().firstValue("Vary")).hasValueSatisfying(v -> assertThat(v).contains("Accept-Language", "Cookie"));
    }

    @Test
    void englishIsTheDefaultAndWhatABrowserWeighingJapaneseAtZeroGets() {
        assertThat(TestShop.text(shop.get("/"))).contains("<html lang=\"en\">", "(incl. 10% tax)", "href=\"/?lang=ja\"");
        assertThat(TestShop.text(shop.get("/", "Accept-Language", "ja;q=0, fr"))).contains("<html lang=\"en\">");
    }

    @Test
    void theSwitchLinkChoosesTheLanguageAndACookieRemembersItOverAcceptLanguage() {
        var switched = shop.get("/items/ebook?lang=ja", "Accept-Language", "en");

        assertThat(TestShop.text(switched)).contains("<html lang=\"ja\">", "で購入する").doesNotContain("Buy from the command line");
        assertThat(switched.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("lang=ja;").contains("SameSite=Lax"));
        assertThat(TestShop.text(shop.get("/items/ebook", "Accept-Language", "en", "Cookie", "lang=ja"))).contains("<html lang=\"ja\">");
        assertThat(TestShop.text(shop.get("/items/ebook?lang=en", "Cookie", "lang=ja"))).contains("<html lang=\"en\">");
    }

    @Test
    void aRefusalReadsAsOneInBothLanguagesAndTheProblemPageNamesItsCode() {
        assertThat(TestShop.text(shop.get("/items/ebook?outcome=refused&lang=ja"))).contains("class=\"refusal\" role=\"alert\"",
                "お支払いが承認されませんでした", "料金は請求されていません");
        assertThat(TestShop.text(shop.get("/items/ebook?outcome=refused"))).contains("class=\"refusal\" role=\"alert\"", "Payment refused");
        var missing = shop.get("/items/no-such-thing?lang=ja");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(TestShop.text(missing)).contains("商品が見つかりません", "エラーコード: unknown_item");
    }
}
