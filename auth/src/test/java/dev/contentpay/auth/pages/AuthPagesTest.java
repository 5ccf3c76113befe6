package dev.contentpay.auth.pages;

import dev.contentpay.protocol.TerminalProof;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The issuer's pages over real HTTP: safety of forms, cookies and policies, and the approval's way to the merchant. */
class AuthPagesTest {

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
    void theApprovalPageShowsThePurchaseUnderAStrictPolicyWithHttpOnlyLaxCookies() {
        var browser = auth.browser();
        var page = browser.get(approvePath(auth.purchase(800)));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'self'; script-src 'none'; "
                + "style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        assertThat(page.body()).contains("<html lang=\"en\">", "Test Shop", "Item for 800", "¥800", "<label for=\"subscriberId\">",
                "<label for=\"password\">").doesNotContain("<script", " style=");
        assertThat(browser.setCookies()).singleElement().satisfies(c ->
                assertThat(c).startsWith("cp_form=").contains("HttpOnly", "SameSite=Lax").doesNotContain("Secure"));
    }

    @Test
    void cookiesAreSecureAndHostBoundWhenTheRequestCameOverHttps() {
        var browser = auth.browser();

        browser.get(approvePath(auth.purchase(800)), "X-Forwarded-Proto", "https");

        assertThat(browser.setCookies()).singleElement().satisfies(c ->
                assertThat(c).startsWith("__Host-cp_form=").contains("Secure", "HttpOnly", "SameSite=Lax", "Path=/"));
    }

    @Test
    void anUnknownIdAndAWrongPasswordGetTheSameSentence() {
        String sealed = auth.purchase(800);
        String unknown = signIn(auth.browser(), sealed, "nobody-" + System.nanoTime(), PagesFixture.PASSWORD).body();
        String wrong = signIn(auth.browser(), sealed, auth.subscriber(), "not the password").body();

        assertThat(sentence(unknown)).isEqualTo("The subscriber id or password is wrong.").isEqualTo(sentence(wrong));
    }

    @Test
    void aSignInWithoutTheFormTokenOrFromAnotherSiteIsRefused() {
        String sealed = auth.purchase(800);
        String id = auth.subscriber();
        var forged = auth.browser();
        forged.get(approvePath(sealed));
        var crossSite = auth.browser();
        crossSite.get(approvePath(sealed));

        var withoutToken = forged.post("/approve/sign-in", Map.of("csrf", "forged", "purchase", sealed, "subscriberId", id,
                "password", PagesFixture.PASSWORD));
        var fromElsewhere = crossSite.post("/approve/sign-in", Map.of("csrf", crossSite.field("csrf"), "purchase", sealed,
                "subscriberId", id, "password", PagesFixture.PASSWORD), "cross-site");

        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(fromElsewhere.statusCode()).isEqualTo(403);
        assertThat(forged.cookies).doesNotContainKey("cp_session");
        assertThat(crossSite.cookies).doesNotContainKey("cp_session");
    }

    @Test
    void approvingHandsTheApprovalToTheSettlementServerNamedInTheSealByAFormOnly() {
        var browser = auth.browser();
        String sealed = auth.purchase(800);
        assertThat(signIn(browser, sealed, auth.subscriber(), PagesFixture.PASSWORD).statusCode()).isEqualTo(303);
        browser.get(approvePath(sealed) + "&return=" + URLEncoder.encode("https://evil.example/", StandardCharsets.UTF_8));
        assertThat(browser.last.body()).contains("¥9,200").doesNotContain("evil.example")
                .contains("href=\"http://settle.test:8443/checkout/return?item=item800&amp;outcome=cancelled\"");
        var form = Map.of("csrf", browser.field("csrf"), "purchase", sealed, "attempt", browser.field("attempt"));

        var approved = browser.post("/approve", form);
        String approval = browser.field("approval");
        String nonce = browser.field("nonce");
        var again = browser.post("/approve", form);

        assertThat(approved.statusCode()).isEqualTo(200);
        assertThat(approved.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(p ->
                assertThat(p).contains("form-action 'self' http://settle.test:8443;"));
        assertThat(approved.body()).contains("<form method=\"post\" action=\"http://settle.test:8443/checkout/complete\"");
        assertThat(approved.headers().firstValue("Location")).isEmpty();
        assertThat(again.statusCode()).as("a double click").isEqualTo(200);
        assertThat(browser.field("approval")).isEqualTo(approval);
        // The checkout form's nonce is this showing's own: the same again on a double click, and no one else's.
        assertThat(nonce).matches("[0-9a-f]{64}").isNotEqualTo(form.get("attempt"));
        assertThat(browser.field("nonce")).isEqualTo(nonce);
    }

    @Test
    void aPurchaseAboveThePinAmountNeedsThePinOnThePage() {
        var browser = auth.browser();
        String sealed = auth.purchase(1_500);
        signIn(browser, sealed, auth.subscriber(), PagesFixture.PASSWORD);
        browser.get(approvePath(sealed));
        var form = Map.of("csrf", browser.field("csrf"), "purchase", sealed, "attempt", browser.field("attempt"), "pin", "9999");

        var wrong = browser.post("/approve", form);

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(sentence(wrong.body())).isEqualTo("The PIN is wrong.");
        assertThat(wrong.body()).contains("Approve and pay ¥1,500");
    }

    @Test
    void signingOutEndsTheSessionOnTheServerNotJustInTheBrowser() {
        var browser = auth.browser();
        String sealed = auth.purchase(800);
        signIn(browser, sealed, auth.subscriber(), PagesFixture.PASSWORD);
        String session = browser.cookies.get("cp_session");
        browser.get("/account");

        browser.post("/sign-out", Map.of("csrf", browser.field("csrf")));
        var replayed = auth.browser();
        replayed.cookies.put("cp_session", session);

        assertThat(replayed.get("/account").body()).contains("Sign in to see").doesNotContain("Hello,");
    }

    @Test
    void theDatabaseKeepsOnlyAHashOfTheSession() throws Exception {
        var browser = auth.browser();
        signIn(browser, auth.purchase(800), auth.subscriber(), PagesFixture.PASSWORD);
        String session = browser.cookies.get("cp_session");

        var hashes = dev.contentpay.platform.db.TestDatabases.rows(dev.contentpay.platform.db.TestDatabases.url(dir, "auth"), "SELECT id_hash FROM web_session");
        assertThat(hashes).isNotEmpty();
        for (var row : hashes) assertThat(row.get(0)).isNotEqualTo(session).hasSize(64);
    }

    @Test
    void aSubscriberLowersTheirLimitButCannotRaiseIt() {
        var browser = auth.browser();
        signIn(browser, auth.purchase(100), auth.subscriber(), PagesFixture.PASSWORD);
        browser.get("/account");

        var lowered = browser.post("/account/limit", Map.of("csrf", browser.field("csrf"), "limit", "5,000"));
        browser.get("/account");
        var raised = browser.post("/account/limit", Map.of("csrf", browser.field("csrf"), "limit", "20000"));

        assertThat(lowered.statusCode()).isEqualTo(303);
        assertThat(lowered.headers().firstValue("Location")).hasValue("/account?done=limit");
        assertThat(raised.statusCode()).isEqualTo(400);
        assertThat(sentence(raised.body())).startsWith("A limit can only be lowered here: enter an amount up to ¥5,000.");
    }

    @Test
    void aTamperedPurchaseIsExplainedInASentence() {
        String sealed = auth.purchase(800);
        String tampered = sealed.substring(0, sealed.length() - 4) + "AAAA";

        var page = auth.browser().get(approvePath(tampered));

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(sentence(page.body())).startsWith("This purchase is no longer valid");
        assertThat(page.body()).doesNotContain("Exception", "at dev.");
    }

    @Test
    void aRememberedBrowserSignsInWithThePinButItsCookieCannotSignTerminalRequests() throws Exception {
        var browser = auth.browser();
        String sealed = auth.purchase(800);
        browser.get(approvePath(sealed));
        browser.post("/approve/sign-in", Map.of("csrf", browser.field("csrf"), "purchase", sealed, "subscriberId", auth.subscriber(),
                "password", PagesFixture.PASSWORD, "remember", "on"));
        String remembered = browser.cookies.get("cp_browser");
        browser.get("/account");
        browser.post("/sign-out", Map.of("csrf", browser.field("csrf")));

        browser.get(approvePath(sealed));
        assertThat(browser.last.body()).contains("This browser is remembered for", "<label for=\"pin\">PIN</label>");
        var wrong = browser.post("/approve/sign-in", Map.of("csrf", browser.field("csrf"), "purchase", sealed, "pin", "9999"));
        assertThat(sentence(wrong.body())).isEqualTo("The PIN is wrong.");
        var right = browser.post("/approve/sign-in", Map.of("csrf", browser.field("csrf"), "purchase", sealed, "pin", PagesFixture.PIN));
        assertThat(right.statusCode()).isEqualTo(303);
        assertThat(browser.cookies).containsKey("cp_session");

        String terminalId = remembered.substring(0, remembered.indexOf('.'));
        byte[] credential = Base64.getUrlDecoder().decode(remembered.substring(remembered.indexOf('.') + 1));
        String body = "{\"purchase\":\"" + auth.purchase(100) + "\"}";
        var proof = TerminalProof.sign(terminalId, credential, "POST", "/v1/terminal/approvals",
                body.getBytes(StandardCharsets.UTF_8), Instant.now());
        var request = HttpRequest.newBuilder(auth.server.url().resolve("/v1/terminal/approvals"))
                .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .header(TerminalProof.ID_HEADER, proof.terminalId())
                .header(TerminalProof.TIMESTAMP_HEADER, proof.timestamp())
                .header(TerminalProof.NONCE_HEADER, proof.nonce())
                .header(TerminalProof.SIGNATURE_HEADER, proof.signature())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        var answer = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).contains("terminal_proof_invalid");
    }

    @Test
    void noticesArePickedFromAFixedListNeverEchoed() {
        var page = auth.browser().get("/account?done=%3Cscript%3Ealert(1)%3C/script%3E");

        assertThat(page.body()).doesNotContain("alert(1)", "role=\"status\"");
    }

    private static String approvePath(String sealed) {
        return "/approve?purchase=" + URLEncoder.encode(sealed, StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> signIn(PageClient browser, String sealed, String id, String password) {
        browser.get(approvePath(sealed));
        return browser.post("/approve/sign-in", Map.of("csrf", browser.field("csrf"), "purchase", sealed, "subscriberId", id,
                "password", password));
    }

    /** The page's refusal sentence. */
    private static String sentence(String html) {
        var m = Pattern.compile("role=\"alert\"[^>]*>\\s*(?:<p[^>]*>)?([^<]*)<").matcher(html);
        if (!m.find()) throw new AssertionError("no sentence on the page:\n" + html);
        return m.group(1).replace("&#39;", "'");
    }
}
