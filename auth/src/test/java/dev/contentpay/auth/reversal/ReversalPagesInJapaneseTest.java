package dev.contentpay.auth.reversal;

import dev.contentpay.auth.pages.AuthPages;
import dev.contentpay.platform.web.PageLanguage;
import dev.contentpay.protocol.ReversalView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** The issuer's reversals page on the admin face in Japanese and English, with the style of auth's other pages. */
class ReversalPagesInJapaneseTest {

    @TempDir
    static Path dir;
    static dev.contentpay.auth.AuthServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        int[] ports = {dev.contentpay.platform.http.FreePorts.pick(), dev.contentpay.platform.http.FreePorts.pick(),
                dev.contentpay.platform.http.FreePorts.pick(), dev.contentpay.platform.http.FreePorts.pick()};
        server = dev.contentpay.auth.AuthServer.start(dev.contentpay.auth.AuthConfig.load(dev.contentpay.platform.config.ConfigSource.of("auth", java.util.Map.ofEntries(
                java.util.Map.entry("http.port", Integer.toString(ports[0])), java.util.Map.entry("merchant.port", Integer.toString(ports[1])),
                java.util.Map.entry("admin.port", Integer.toString(ports[2])),
                java.util.Map.entry("database.url", dev.contentpay.platform.db.TestDatabases.url(dir, "auth")),
                java.util.Map.entry("signing.key-file", dir.resolve("keys/auth.jwk").toString()),
                java.util.Map.entry("pseudonym.secret-file", dir.resolve("keys/auth-pseudonym.key").toString()),
                java.util.Map.entry("admin.token-file", dir.resolve("keys/auth-admin.token").toString()),
                java.util.Map.entry("bureau.url", "http://127.0.0.1:" + ports[3]), java.util.Map.entry("bureau.fallback", "own-data"),
                java.util.Map.entry("password.memory-kib", "8"), java.util.Map.entry("password.iterations", "1")))), java.time.Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void thePageIsInJapaneseForABrowserThatPrefersItAndInEnglishWhenSwitchedWithTheIssuersStyleSheet() throws Exception {
        var japanese = get("/admin/reversals", "Accept-Language", "ja-JP,ja;q=0.9");
        var switched = get("/admin/reversals?lang=en", "Accept-Language", "ja");

        assertThat(japanese.statusCode()).isEqualTo(200);
        assertThat(japanese.body()).contains("<html lang=\"ja\">", "<title>取消請求</title>", "取消請求はありません。",
                "<link rel=\"stylesheet\" href=\"/assets/auth.css\">", "href=\"/admin/reversals?lang=en\"")
                .doesNotContain("Reversals");
        assertThat(japanese.headers().firstValue("Vary")).hasValueSatisfying(v -> assertThat(v).contains("Accept-Language"));
        assertThat(switched.body()).contains("<html lang=\"en\">", "<title>Reversals</title>", "No reversals.", "href=\"/admin/reversals?lang=ja\"");
        assertThat(switched.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("lang=en"));

        var css = get("/assets/auth.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
        assertThat(css.body()).contains(".admin main");
    }

    @Test
    void everyReasonAndStatusHasItsNameInBothLanguagesAndAnUnknownCodeIsShownAsItself() {
        for (Locale locale : PageLanguage.LANGUAGES) {
            var msg = AuthPages.WORDS.at(locale, "/admin/reversals");
            for (String reason : ReversalView.REASONS) assertThat(msg.find("reversal.reason." + reason)).as(reason).isNotBlank();
            for (String status : ReversalView.STATUSES) assertThat(msg.find("reversal.status." + status)).as(status).isNotBlank();
            assertThat(msg.label("reversal.reason.", "no_such_reason")).isEqualTo("no_such_reason");
        }
        var japanese = AuthPages.WORDS.at(Locale.JAPANESE, "/admin/reversals");
        assertThat(japanese.label("reversal.reason.", "duplicate")).isEqualTo("二重請求");
        assertThat(japanese.label("reversal.status.", "contested")).isEqualTo("加盟店が異議申立て");
    }

    @Test
    void aContestedReversalIsShownWithItsReasonAndStatusNamedAndTheirCodesBesideThem(@TempDir Path own) {
        var db = dev.contentpay.platform.db.Database.open("auth-reversal-page", dev.contentpay.platform.db.TestDatabases.url(own, "auth"), "auth", 2);
        try {
            var clock = java.time.Clock.systemUTC();
            var charges = dev.contentpay.auth.approval.TestCharges.open(db, clock, "testshop", 0);
            var reversals = new ReversalService(db, charges.approvals(), charges.refunds(),
                    new dev.contentpay.auth.audit.AuditLog(db, new dev.contentpay.auth.audit.JdbiAuditStore(), clock),
                    new dev.contentpay.auth.event.MerchantEvents(charges.events(), clock, dev.contentpay.platform.crypto.Environment.of(false)), clock);
            String period = new dev.contentpay.auth.approval.BudgetPeriods(dev.contentpay.platform.time.BillingZone.UTC).monthOf(clock.instant());
            var charged = charges.charged(charges.subscriber("CREDIT", period, 10_000), period, 800, 10, clock.instant());
            var opened = reversals.open("admin", new dev.contentpay.protocol.admin.OpenReversalRequest(charged.allowanceId(), "not_received", null));
            reversals.answer("testshop", new dev.contentpay.protocol.ReversalAnswer(opened.id(), dev.contentpay.protocol.ReversalAnswer.CONTEST, "届いています"));
            var pages = new ReversalPages(reversals, dev.contentpay.platform.http.OperatorToken.loadOrCreate(own.resolve("admin.token"), "auth"),
                    new dev.contentpay.platform.http.Idempotency(db, clock, own.resolve("idempotency.key"), java.time.Duration.ofDays(1)),
                    dev.contentpay.platform.time.BillingZone.UTC);

            String japanese = pages.render(AuthPages.WORDS.at(Locale.JAPANESE, "/admin/reversals?lang=en"), "csrf", "decided", null);
            String english = pages.render(AuthPages.WORDS.at(Locale.ENGLISH, "/admin/reversals?lang=ja"), "csrf", null, "reversal_not_contested");

            assertThat(japanese).contains(opened.id(), "未着 (<code>not_received</code>)", "加盟店が異議申立て (<code>contested</code>)", "届いています",
                    "認容する", "棄却する", "取消請求を判定しました。").doesNotContain("Uphold", "Not received");
            assertThat(english).contains("Not received (<code>not_received</code>)", "Contested by the merchant (<code>contested</code>)", "Uphold",
                    "Refused: <code>reversal_not_contested</code>");
        } finally {
            db.close();
        }
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        String token = Files.readString(dir.resolve("keys/auth-admin.token")).strip();
        var request = HttpRequest.newBuilder(server.adminUrl().resolve(path)).header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(("operator:" + token).getBytes(StandardCharsets.UTF_8)));
        if (headers.length > 0) request.headers(headers);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
