package dev.contentpay.e2e;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads an operator page's form as a browser would: its hidden anti-forgery token and idempotency key. */
final class PageForms {

    private PageForms() {
    }

    /** The hidden {@code csrf} and {@code key} fields of the form that posts to {@code action} on {@code html}, as a form body. */
    static String hiddenFields(String html, String action) {
        Matcher form = Pattern.compile("action=\"" + Pattern.quote(action) + "\"><input type=\"hidden\" name=\"csrf\" value=\"([^\"]+)\">"
                + "<input type=\"hidden\" name=\"key\" value=\"([^\"]+)\">").matcher(html);
        assertThat(form.find()).as("a form posting to %s on %s", action, html).isTrue();
        return "csrf=" + encode(form.group(1)) + "&key=" + encode(form.group(2));
    }

    /** The form cookie a page's answer set, as a Cookie header's value. */
    static String cookie(java.net.http.HttpHeaders headers) {
        return headers.firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
