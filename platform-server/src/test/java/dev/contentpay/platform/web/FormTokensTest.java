package dev.contentpay.platform.web;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FormTokensTest {

    private static final byte[] KEY = filled(32, (byte) 7);
    private static final String COOKIE = "a".repeat(43);
    private final FormTokens forms = new FormTokens(KEY, "test", "cp_test_form", Cookies.forSite(null));

    @Test
    void aTokenFitsItsCookieAndBindingOnly() {
        String token = forms.token(COOKIE, "session-1");

        assertThat(forms.matches(COOKIE, "session-1", token)).isTrue();
        assertThat(forms.matches("b".repeat(43), "session-1", token)).as("another browser").isFalse();
        assertThat(forms.matches(COOKIE, "session-2", token)).as("another session").isFalse();
        assertThat(forms.matches(COOKIE, null, token)).as("unbound").isFalse();
        assertThat(forms.matches(COOKIE, "session-1", token.substring(1))).as("cut short").isFalse();
    }

    @Test
    void aMissingCookieOrFieldIsRefusedLikeAWrongToken() {
        assertThat(forms.matches(null, null, forms.token(COOKIE, null))).isFalse();
        assertThat(forms.matches(COOKIE, null, null)).isFalse();
        assertThat(forms.matches(COOKIE, null, "")).isFalse();
    }

    @Test
    void tokensOfOneServerNeverFitAnothers() {
        var other = new FormTokens(KEY, "other", "cp_test_form", Cookies.forSite(null));
        var otherKey = new FormTokens(filled(32, (byte) 8), "test", "cp_test_form", Cookies.forSite(null));

        assertThat(other.matches(COOKIE, null, forms.token(COOKIE, null))).isFalse();
        assertThat(otherKey.matches(COOKIE, null, forms.token(COOKIE, null))).isFalse();
    }

    @Test
    void aShortKeyIsRefused() {
        assertThatThrownBy(() -> new FormTokens(new byte[16], "test", "c", Cookies.forSite(null))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPageGivesTheFormCookieOnceAndAPostFromItIsAcceptedButNotFromAnotherSiteOrWithoutTheCookie() {
        try (var site = TestSite.serving(routes -> {
            routes.get("/form", ctx -> ctx.result(forms.tokenFor(ctx, null)));
            routes.post("/post", ctx -> ctx.result(forms.accepts(ctx, null) ? "accepted" : "refused"));
        })) {
            HttpResponse<String> page = site.get("/form");
            String cookie = page.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            String token = page.body();
            assertThat(cookie).startsWith("cp_test_form=").hasSize("cp_test_form=".length() + 43);
            assertThat(site.get("/form", "Cookie", cookie).headers().allValues("Set-Cookie")).as("kept while it fits").isEmpty();
            assertThat(site.get("/form", "Cookie", "cp_test_form=short").headers().allValues("Set-Cookie")).as("replaced").hasSize(1);

            String form = FormTokens.FIELD + "=" + token;
            assertThat(site.post("/post", form, "Cookie", cookie, "Sec-Fetch-Site", "same-origin").body()).isEqualTo("accepted");
            assertThat(site.post("/post", form, "Cookie", cookie).body()).as("an old browser: the token alone").isEqualTo("accepted");
            assertThat(site.post("/post", form, "Cookie", cookie, "Sec-Fetch-Site", "cross-site").body()).isEqualTo("refused");
            assertThat(site.post("/post", form, "Cookie", cookie, "Origin", "http://evil.example").body()).isEqualTo("refused");
            assertThat(site.post("/post", form, "Cookie", cookie, "Origin", "null").body()).isEqualTo("refused");
            assertThat(site.post("/post", form, "Sec-Fetch-Site", "same-origin").body()).as("no cookie").isEqualTo("refused");
            assertThat(site.post("/post", "other=1", "Cookie", cookie, "Sec-Fetch-Site", "same-origin").body()).as("no token").isEqualTo("refused");
            assertThat(site.post("/post", FormTokens.FIELD + "=forged", "Cookie", cookie, "Sec-Fetch-Site", "same-origin").body())
                    .isEqualTo("refused");
        }
    }

    private static byte[] filled(int length, byte value) {
        byte[] key = new byte[length];
        Arrays.fill(key, value);
        return key;
    }
}
