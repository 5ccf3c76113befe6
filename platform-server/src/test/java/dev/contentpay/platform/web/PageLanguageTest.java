package dev.contentpay.platform.web;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class PageLanguageTest {

    @Test
    void acceptLanguageIsWeighedByItsQValues() {
        assertThat(PageLanguage.fromAcceptLanguage("ja-JP,ja;q=0.9,en-US;q=0.8,en;q=0.7")).isEqualTo(Locale.JAPANESE);
        assertThat(PageLanguage.fromAcceptLanguage("en-GB,en;q=0.9,ja;q=0.8")).isEqualTo(Locale.ENGLISH);
        assertThat(PageLanguage.fromAcceptLanguage("en;q=0.2, ja;q=0.8")).isEqualTo(Locale.JAPANESE);
        assertThat(PageLanguage.fromAcceptLanguage("fr-FR, ja;q=0.5")).isEqualTo(Locale.JAPANESE);
    }

    @Test
    void aLanguageWeighedAtZeroIsNeverTakenAndEnglishIsTheDefault() {
        assertThat(PageLanguage.fromAcceptLanguage("ja;q=0, fr")).isEqualTo(Locale.ENGLISH);
        assertThat(PageLanguage.fromAcceptLanguage("de, fr;q=0.5")).isEqualTo(Locale.ENGLISH);
        assertThat(PageLanguage.fromAcceptLanguage(null)).isEqualTo(Locale.ENGLISH);
        assertThat(PageLanguage.fromAcceptLanguage("*;q=oops,,;")).isEqualTo(Locale.ENGLISH);
    }

    @Test
    void onlyTheTwoLanguagesOfThePagesCanBeChosen() {
        assertThat(PageLanguage.supported("ja")).isEqualTo(Locale.JAPANESE);
        assertThat(PageLanguage.supported("EN")).isEqualTo(Locale.ENGLISH);
        assertThat(PageLanguage.supported("fr")).isNull();
        assertThat(PageLanguage.supported("ja\"><script>")).isNull();
        assertThat(PageLanguage.supported(null)).isNull();
    }

    @Test
    void theSwitchLinkCarriesThePagesParametersReEncodedAndSetsTheLanguage() {
        assertThat(PageLanguage.switchHref("/approve", java.util.Map.of("purchase", "abc+d/e"), Locale.JAPANESE))
                .isEqualTo("/approve?purchase=abc%2Bd%2Fe&lang=ja");
        assertThat(PageLanguage.switchHref("/", java.util.Map.of(), Locale.ENGLISH)).isEqualTo("/?lang=en");
    }

    @Test
    void theLanguageCookieIsRememberedForAYearAndSentOnTopLevelNavigationsOnly() {
        assertThat(Cookies.forSite(null).cookie(PageLanguage.PARAMETER, "ja").maxAge(PageLanguage.REMEMBERED).header(false))
                .isEqualTo("lang=ja; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax");
    }
}
