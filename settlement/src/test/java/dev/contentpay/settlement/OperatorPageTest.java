package dev.contentpay.settlement;

import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.protocol.Receipt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** The merchant's view: an operator-only page with settlements, refunds, refusals, daily totals and an SVG chart, under a strict CSP. */
class OperatorPageTest {

    @TempDir
    Path dir;
    Harness harness;

    @BeforeEach
    void start() {
        harness = Harness.start(dir);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void thePageShowsSettlementsRefundsRefusalsTotalsAndAChartUnderAStrictPolicy() {
        Receipt sold = harness.settle(harness.sale());
        Receipt refunded = harness.settle(harness.sale());
        harness.refund(refunded.settlementId(), "page-refund");
        harness.auth.refuseWith = ErrorCode.LIMIT_EXCEEDED;
        harness.purchase("page-refused", harness.sale());

        HttpResponse<byte[]> page = harness.get(harness.server.url() + "/admin", "Authorization", basic("operator", harness.operatorToken()));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'self'", "script-src 'none'", "style-src 'self'", "img-src 'self' data:", "frame-ancestors 'none'")
                .doesNotContain("unsafe"));
        String html = new String(page.body(), StandardCharsets.UTF_8);
        assertThat(html).contains(sold.settlementId(), refunded.settlementId(), "limit_exceeded", "200 JPY", "Balanced");
        assertThat(html).contains("<svg class=\"chart\"", "<rect class=\"bar sales\"", "<rect class=\"bar refunds\"");
        assertThat(html).doesNotContainIgnoringCase("<script").doesNotContain("style=").doesNotContain("onload");
        assertThat(html).contains("Over the buyer's limit (<code>limit_exceeded</code>)");
    }

    @Test
    void theOperatorPagesCodesAreNamedInJapaneseWithTheCodeStillThere() {
        harness.settle(harness.sale());
        Receipt refunded = harness.settle(harness.sale());
        harness.refund(refunded.settlementId(), "page-refund-ja");
        harness.auth.refuseWith = ErrorCode.APPROVAL_EXPIRED;
        harness.purchase("page-refused-ja", harness.sale());

        String japanese = new String(harness.get(harness.server.url() + "/admin", "Authorization", basic("operator", harness.operatorToken()),
                "Accept-Language", "ja").body(), StandardCharsets.UTF_8);

        assertThat(japanese).contains("承認の期限切れ (<code>approval_expired</code>)");
        assertThat(japanese).containsPattern("<td>(通知なし|送信中|課金済み|送信不能) \\(<code>(none|pending|charged|dead)</code>\\)</td>");
        assertThat(japanese).containsPattern("<td>(発行者へ送信中|発行者が確認済み|送信不能) \\(<code>(pending|confirmed|dead)</code>\\)</td>");
    }

    @Test
    void theOperatorPageIsInJapaneseForABrowserThatPrefersItAndInEnglishWhenSwitched() {
        String auth = basic("operator", harness.operatorToken());

        String japanese = new String(harness.get(harness.server.url() + "/admin", "Authorization", auth, "Accept-Language", "ja,en;q=0.5").body(),
                StandardCharsets.UTF_8);
        String switched = new String(harness.get(harness.server.url() + "/admin?lang=en", "Authorization", auth, "Accept-Language", "ja").body(),
                StandardCharsets.UTF_8);

        assertThat(japanese).contains("<html lang=\"ja\">", "元帳", "貸借一致", "href=\"/admin?lang=en\"");
        assertThat(switched).contains("<html lang=\"en\">", "Ledger", "Balanced", "href=\"/admin?lang=ja\"");
    }

    @Test
    void anOpenReversalIsShownInJapaneseWithItsReasonAndStatusNamedAndTheirCodesBesideThem() throws Exception {
        Receipt sold = harness.settle(harness.sale());
        long now = System.currentTimeMillis();
        harness.execute("INSERT INTO reversal (id, approval_id, allowance_id, settlement_id, reason, status, amount, currency, refunded, note, "
                + "decision_note, opened_at, answered_at, decided_at, updated_at) VALUES ('rev_page', '" + sold.approvalId() + "', 'alw_page', '"
                + sold.settlementId() + "', 'not_as_described', 'opened', 800, 'JPY', NULL, NULL, NULL, " + now + ", NULL, NULL, " + now + ")");
        String auth = basic("operator", harness.operatorToken());

        String japanese = new String(harness.get(harness.server.url() + "/admin", "Authorization", auth, "Accept-Language", "ja").body(),
                StandardCharsets.UTF_8);
        String english = new String(harness.get(harness.server.url() + "/admin?lang=en", "Authorization", auth).body(), StandardCharsets.UTF_8);

        assertThat(japanese).contains("<h2 id=\"reversals\">取消請求</h2>", "rev_page", "説明と異なる (<code>not_as_described</code>)",
                "当店の回答待ち (<code>opened</code>)", "承諾する", "異議を申し立てる", "発行者への意見")
                .doesNotContain(">Accept<", ">Contest<", "Reversals");
        assertThat(english).contains("<h2 id=\"reversals\">Reversals</h2>", "Not as described (<code>not_as_described</code>)",
                "Waiting for our answer (<code>opened</code>)", ">Accept<", ">Contest<");
    }

    @Test
    void theMerchantsJapaneseAndEnglishWordsHaveTheSameKeysAndEveryKeyUsedIsInThem() {
        dev.contentpay.platform.web.PageBundles.assertComplete(dev.contentpay.settlement.checkout.CheckoutPages.WORDS,
                Path.of("src/main/jte"), Path.of("src/main/java"));
        for (var locale : dev.contentpay.platform.web.PageLanguage.LANGUAGES) {
            var msg = dev.contentpay.settlement.checkout.CheckoutPages.WORDS.at(locale, "/admin");
            for (String reason : dev.contentpay.protocol.ReversalView.REASONS) assertThat(msg.find("reversal.reason." + reason)).as(reason).isNotBlank();
            for (String status : dev.contentpay.protocol.ReversalView.STATUSES) assertThat(msg.find("reversal.status." + status)).as(status).isNotBlank();
            for (String notice : java.util.List.of("none", "pending", "charged", "dead")) assertThat(msg.find("notice." + notice)).as(notice).isNotBlank();
            for (String status : java.util.List.of("pending", "confirmed", "dead")) assertThat(msg.find("refund-status." + status)).as(status).isNotBlank();
            for (var kind : dev.contentpay.settlement.notice.OutboxMessage.Kind.values()) {
                assertThat(msg.find("message-kind." + kind.name().toLowerCase(java.util.Locale.ROOT))).as(kind.name()).isNotBlank();
            }
            // Every refusal the settle path's sentences know (error.*) has a name on the operator page too.
            var english = dev.contentpay.settlement.checkout.CheckoutPages.WORDS.in(java.util.Locale.ENGLISH);
            for (var code : ErrorCode.values()) {
                String wire = code.name().toLowerCase(java.util.Locale.ROOT);
                if (english.containsKey("error." + code.name()) && !code.retryable() && !java.util.Set.of("SETTLEMENT_NOT_FOUND",
                        "NOT_FOUND", "DOWNLOAD_FORBIDDEN", "IDEMPOTENCY_KEY_REUSED").contains(code.name())) {
                    assertThat(msg.find("refusal." + wire)).as(wire).isNotBlank();
                }
            }
        }
    }

    @Test
    void whatAnOperatorTypedIsEscapedOnThePage() {
        Receipt receipt = harness.settle(harness.sale());
        harness.adminPost("/v1/admin/refunds", "xss", "{\"settlementId\": \"" + receipt.settlementId() + "\", \"reason\": \"<script>alert(1)</script>\"}");

        String html = new String(harness.get(harness.server.url() + "/admin", "Authorization", basic("operator", harness.operatorToken())).body(),
                StandardCharsets.UTF_8);

        assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void thePageAsksForTheOperatorAndRefusesAWrongPassword() {
        HttpResponse<byte[]> anonymous = harness.get(harness.server.url() + "/admin");
        HttpResponse<byte[]> wrong = harness.get(harness.server.url() + "/admin", "Authorization", basic("operator", "guessed"));
        HttpResponse<byte[]> otherUser = harness.get(harness.server.url() + "/admin", "Authorization", basic("admin", harness.operatorToken()));

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm="));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(otherUser.statusCode()).isEqualTo(401);
        assertThat(new String(wrong.body(), StandardCharsets.UTF_8)).doesNotContain(harness.operatorToken());
    }

    @Test
    void theStyleSheetIsServedAsAFile() {
        HttpResponse<byte[]> css = harness.get(harness.server.url() + "/admin/admin.css");

        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
        assertThat(new String(css.body(), StandardCharsets.UTF_8)).contains(".bar.sales");
    }

    @Test
    void theOperatorTokenIsCreatedReadableByItsOwnerOnlyAndKeptAcrossRestarts() throws Exception {
        Path file = dir.resolve("keys/settlement-admin.token");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(harness.operatorToken()).hasSizeGreaterThanOrEqualTo(43);
        harness.restart();
        assertThat(harness.adminGet("/v1/admin/ledger").statusCode()).as("the same token after a restart").isEqualTo(200);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
