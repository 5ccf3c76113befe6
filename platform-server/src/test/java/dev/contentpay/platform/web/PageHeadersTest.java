package dev.contentpay.platform.web;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageHeadersTest {

    @Test
    void thePagePolicyRunsNoScriptLoadsOnlyItsOwnAndCannotBeFramed() {
        assertThat(ContentSecurityPolicy.PAGE.header()).isEqualTo("default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self'; "
                + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    }

    @Test
    void aPageLoosensOneDirectiveWhereItStands() {
        assertThat(ContentSecurityPolicy.PAGE.formActionAlso(URI.create("https://settle.example:8443/checkout/complete")).header())
                .contains("; form-action 'self' https://settle.example:8443; frame-ancestors 'none'");
        assertThat(ContentSecurityPolicy.PAGE.formActionAlso(null)).isEqualTo(ContentSecurityPolicy.PAGE);
        assertThat(ContentSecurityPolicy.PAGE.with("connect-src 'none'").header()).endsWith("; base-uri 'none'; connect-src 'none'");
    }

    @Test
    void noPolicyMayRunScriptBeFramedMoveItsBaseOrLackADefault() {
        assertThatThrownBy(() -> ContentSecurityPolicy.PAGE.with("script-src 'self'")).hasMessageContaining("script-src 'none'");
        assertThatThrownBy(() -> ContentSecurityPolicy.PAGE.with("frame-ancestors 'self'")).hasMessageContaining("frame-ancestors 'none'");
        assertThatThrownBy(() -> ContentSecurityPolicy.PAGE.with("base-uri 'self'")).hasMessageContaining("base-uri 'none'");
        assertThatThrownBy(() -> ContentSecurityPolicy.of("script-src 'none'", "frame-ancestors 'none'", "base-uri 'none'"))
                .hasMessageContaining("default-src");
        assertThatThrownBy(() -> ContentSecurityPolicy.PAGE.with("img-src *; script-src *")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ContentSecurityPolicy.of("default-src 'self'", "default-src *", "script-src 'none'", "frame-ancestors 'none'",
                "base-uri 'none'")).hasMessageContaining("twice");
    }

    @Test
    void everyPageGetsItsPolicyAndTheHeadersAgainstFramingSniffingReferrersAndCaching() {
        try (var site = TestSite.serving(routes -> {
            routes.get("/page", ctx -> PageHeaders.html(ctx, 201, "<!DOCTYPE html>", ContentSecurityPolicy.PAGE));
            routes.get("/style.css", ctx -> PageHeaders.styleSheet(ctx, "body{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        })) {
            var page = site.get("/page");
            assertThat(page.statusCode()).isEqualTo(201);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(page.headers().allValues("Content-Security-Policy")).containsExactly(ContentSecurityPolicy.PAGE.header());
            assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
            assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(page.headers().allValues("Cache-Control")).containsExactly("no-store");

            var css = site.get("/style.css");
            assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
            assertThat(css.headers().allValues("Cache-Control")).containsExactly("public, max-age=3600");
        }
    }
}
