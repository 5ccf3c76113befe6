package dev.contentpay.auth.pages;

import com.nimbusds.jose.jwk.JWKSet;
import dev.contentpay.auth.approval.Approval;
import dev.contentpay.auth.approval.BudgetPeriods;
import dev.contentpay.auth.approval.TestCharges;
import dev.contentpay.auth.merchant.MerchantRegistry;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.money.Money;
import dev.contentpay.platform.time.BillingZone;
import dev.contentpay.protocol.RefundRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The statement page as a qualified invoice, with figures: purchases at 10 % and 8 % (one refunded)
 * of a merchant with a registration number, charged as its payment notices charge them, shown in
 * English and Japanese. The tax is computed once per rate on the rate's total, which differs here
 * from the sum of each line's tax (139 and 21), so a table that added per-line taxes would fail.
 * The lines' caption writes its days as the page's language does (2026年12月1日 in Japanese).
 */
class StatementPageTaxesTest {

    private static final String MERCHANT = "kumo";
    private static final BillingZone TOKYO = BillingZone.of("Asia/Tokyo");
    private static final java.time.LocalDate TODAY = TOKYO.today(java.time.Clock.systemUTC());

    @TempDir
    static Path dir;
    static PagesFixture auth;
    static String subscriber;

    @BeforeAll
    static void start() {
        auth = PagesFixture.start(dir, Map.of("billing.zone", "Asia/Tokyo", "invoice.registration-number", "T1010001000009"));
        var charges = TestCharges.open(auth.server.database(), java.time.Clock.systemUTC(), MERCHANT, 0);
        auth.server.merchants().register(new MerchantRegistry.Registration(MERCHANT, "Kumo Books",
                new JWKSet(KeyFiles.generate(MERCHANT + "-shop-1").toPublicJWK()), new JWKSet(KeyFiles.generate(MERCHANT + "-settlement-1").toPublicJWK()),
                PagesFixture.SETTLE_AT, MERCHANT, "T2010001000008"));
        subscriber = auth.subscriber();
        Instant now = Instant.now();
        String period = new BudgetPeriods(TOKYO).periodOf(auth.server.subscribers().find(subscriber).orElseThrow(), now);
        auth.server.database().useTransaction(h -> charges.budgets().open(h, subscriber, period, 10_000));
        // 10 %: 150 × 3 + 1,100 = 1,550, holding floor(1,550 × 10 / 110) = 140 (per line: 13 × 3 + 100 = 139).
        for (long price : new long[]{150, 150, 150, 1_100}) charges.charged(subscriber, period, price, 10, now);
        // 8 %: 105 × 4 less one refunded = 315, holding floor(315 × 8 / 108) = 23 (per line: 7 × 3 = 21).
        Approval refunded = null;
        for (int i = 0; i < 4; i++) refunded = charges.charged(subscriber, period, 105, 8, now);
        charges.refunds().refund(MERCHANT, new RefundRequest("rfd_" + refunded.id(), refunded.allowanceId(), refunded.settlementId(),
                Money.of(105, "JPY"), now));
    }

    @AfterAll
    static void stop() {
        auth.close();
    }

    @Test
    void theTaxTableStatesEachRatesTotalAndTaxWithTheRegistrationNumbersInEnglish() {
        String page = statementPage("en");

        assertInvoice(page, yen -> String.format(java.util.Locale.ROOT, "¥%,d", yen), "From " + TODAY.withDayOfMonth(1) + " to " + TODAY + " (Asia/Tokyo)");
        assertThat(page).contains("Qualified invoice (適格請求書)", "Consumption tax per rate, charges less refunds");
        assertThat(page.split("\\(T2010001000008\\)", -1)).as("one merchant number per line: 8 charges and a refund").hasSize(10);
    }

    @Test
    void theTaxTableStatesTheSameFiguresInJapaneseWithItsDaysWrittenInJapanese() {
        String page = statementPage("ja");

        // The lines' caption writes its days as the page's language does, as the chart's does.
        String month = TODAY.getYear() + "年" + TODAY.getMonthValue() + "月";
        assertInvoice(page, yen -> String.format(java.util.Locale.ROOT, "%,d円", yen), month + "1日から" + month + TODAY.getDayOfMonth() + "日まで（Asia/Tokyo）");
        assertThat(page).contains("<html lang=\"ja\">", "適格請求書発行事業者登録番号", "税率ごとの消費税");
    }

    /** The figures per rate in the table of taxes, both registration numbers, and the lines' caption. */
    private static void assertInvoice(String page, java.util.function.LongFunction<String> amount, String caption) {
        assertThat(taxRows(page)).containsExactly(
                "<tr><td>10%</td><td class=\"num\">" + amount.apply(1_550) + "</td><td class=\"num\">" + amount.apply(140) + "</td></tr>",
                "<tr><td>8%</td><td class=\"num\">" + amount.apply(315) + "</td><td class=\"num\">" + amount.apply(23) + "</td></tr>");
        assertThat(page).contains("<span class=\"registration\">T1010001000009</span>", "Kumo Books (T2010001000008): Item",
                "<caption id=\"lines-caption\">" + caption + "</caption>");
    }

    /** The statement page of this month, signed in as the subscriber, in {@code lang}. */
    private static String statementPage(String lang) {
        var browser = auth.browser();
        String sealed = auth.purchase(100);
        browser.get("/approve?purchase=" + URLEncoder.encode(sealed, StandardCharsets.UTF_8) + "&lang=" + lang);
        browser.post("/approve/sign-in", Map.of("csrf", browser.field("csrf"), "purchase", sealed, "subscriberId", subscriber,
                "password", PagesFixture.PASSWORD));
        var page = browser.get("/account/statement");
        assertThat(page.statusCode()).isEqualTo(200);
        return page.body();
    }

    /** The rows of the table of taxes per rate, as written. */
    private static java.util.List<String> taxRows(String page) {
        int table = page.indexOf("id=\"taxes-caption\"");
        assertThat(table).as("the table of taxes per rate").isPositive();
        String body = page.substring(page.indexOf("<tbody>", table) + "<tbody>".length(), page.indexOf("</tbody>", table));
        return body.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
