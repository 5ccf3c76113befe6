package dev.contentpay.platform.web;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CookiesTest {

    private static final Cookies PLAIN_SITE = Cookies.forSite(null);
    private static final Cookies HTTPS_SITE = Cookies.forSite(URI.create("https://shop.example"));

    @Test
    void aCookieIsHttpOnlyLaxSiteWideAndEndsWithTheBrowserSessionUnlessToldOtherwise() {
        assertThat(PLAIN_SITE.cookie("cp_form", "abc").header(false)).isEqualTo("cp_form=abc; Path=/; HttpOnly; SameSite=Lax");
    }

    @Test
    void aSecureSiteWideCookieIsHostBoundAndAPathScopedOneIsSecurePrefixed() {
        assertThat(PLAIN_SITE.cookie("cp_form", "abc").header(true)).isEqualTo("__Host-cp_form=abc; Path=/; HttpOnly; SameSite=Lax; Secure");
        assertThat(PLAIN_SITE.cookie("cp_download", "t").path("/checkout/receipts/s1").maxAge(Duration.ofSeconds(90)).header(true))
                .isEqualTo("__Secure-cp_download=t; Path=/checkout/receipts/s1; Max-Age=90; HttpOnly; SameSite=Lax; Secure");
    }

    @Test
    void strictAndScriptReadableAreOnlyEverAskedFor() {
        assertThat(PLAIN_SITE.cookie("c", "v").sameSite(Cookies.SameSite.STRICT).readableByScript().header(false))
                .isEqualTo("c=v; Path=/; SameSite=Strict");
    }

    @Test
    void aNullOrMalformedValueIsRefusedWithoutShowingTheValue() {
        assertThatThrownBy(() -> PLAIN_SITE.cookie("cp_session", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cp_session");
        assertThatThrownBy(() -> PLAIN_SITE.cookie("cp_session", "secret-value; Domain=evil.example"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cp_session").hasMessageNotContaining("secret-value");
        assertThatThrownBy(() -> PLAIN_SITE.cookie("", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PLAIN_SITE.cookie("a=b", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PLAIN_SITE.cookie("c", "v").path("receipts")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PLAIN_SITE.cookie("c", "v").maxAge(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSecureRuleAddsTheFlagOverHttpsBehindAProxyOrForAnHttpsSiteAndNeverOnPlainHttp() {
        try (var plain = site(PLAIN_SITE); var https = site(HTTPS_SITE)) {
            assertThat(plain.get("/set").headers().allValues("Set-Cookie")).containsExactly("c=v; Path=/; HttpOnly; SameSite=Lax");
            assertThat(plain.get("/set", "X-Forwarded-Proto", "https").headers().allValues("Set-Cookie"))
                    .containsExactly("__Host-c=v; Path=/; HttpOnly; SameSite=Lax; Secure");
            assertThat(plain.get("/set", "X-Forwarded-Proto", "http").headers().allValues("Set-Cookie"))
                    .containsExactly("c=v; Path=/; HttpOnly; SameSite=Lax");
            assertThat(https.get("/set").headers().allValues("Set-Cookie"))
                    .containsExactly("__Host-c=v; Path=/; HttpOnly; SameSite=Lax; Secure");
        }
    }

    @Test
    void aClearedCookieGoesAtOnce() {
        try (var plain = site(PLAIN_SITE)) {
            assertThat(plain.get("/clear").headers().allValues("Set-Cookie")).containsExactly("c=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
        }
    }

    @Test
    void aMissingOrBlankCookieReadsAsNullAndOverHttpsOnlyThePrefixedNameCounts() {
        try (var plain = site(PLAIN_SITE)) {
            assertThat(plain.get("/read").body()).isEqualTo("none");
            assertThat(plain.get("/read", "Cookie", "c=").body()).isEqualTo("none");
            assertThat(plain.get("/read", "Cookie", "c=v").body()).isEqualTo("v");
            assertThat(plain.get("/read", "Cookie", "__Host-c=v").body()).isEqualTo("none");
            assertThat(plain.get("/read", "Cookie", "c=planted", "X-Forwarded-Proto", "https").body()).isEqualTo("none");
            assertThat(plain.get("/read", "Cookie", "c=planted; __Host-c=v", "X-Forwarded-Proto", "https").body()).isEqualTo("v");
            assertThat(plain.get("/read-scoped", "Cookie", "__Host-c=v; __Secure-c=w", "X-Forwarded-Proto", "https").body()).isEqualTo("w");
        }
    }

    private static TestSite site(Cookies cookies) {
        return TestSite.serving(routes -> {
            routes.get("/set", ctx -> cookies.cookie("c", "v").on(ctx));
            routes.get("/clear", ctx -> cookies.clear(ctx, "c"));
            routes.get("/read", ctx -> ctx.result(String.valueOf(cookies.read(ctx, "c")).replace("null", "none")));
            routes.get("/read-scoped", ctx -> ctx.result(String.valueOf(cookies.readScoped(ctx, "c")).replace("null", "none")));
        });
    }
}
