package dev.contentpay.e2e.browser;

import dev.contentpay.app.Deployment;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.db.TestDatabases;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.protocol.ApprovalResponse;
import dev.contentpay.protocol.SelectResponse;
import dev.contentpay.client.ContentpayClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The merchant's checkout endpoints over plain HTTP, as a browser would call them, against the
 * real deployment (no browser needed, so these run everywhere): where the way back may lead, what
 * opens a receipt, and that a browser's checkout and a terminal's presentation are one single-use
 * purchase.
 */
class CheckoutHttpTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @TempDir
    static Path dir;
    static Deployment deployment;

    @BeforeAll
    static void start() {
        deployment = WebDeployment.start(dir);
    }

    @AfterAll
    static void stop() {
        deployment.close();
    }

    @Test
    void theWayBackLeadsOnlyToTheShopsOwnItemPageWithAFixedWord() {
        String shop = deployment.shop().url().toString();

        assertThat(location(get("/checkout/return?item=ebook&outcome=cancelled"))).isEqualTo(shop + "/items/ebook?outcome=cancelled");
        assertThat(location(get("/checkout/return?item=ebook&outcome=%3Cb%3E"))).isEqualTo(shop + "/items/ebook?outcome=refused");
        assertThat(location(get("/checkout/return?item=..%2F..%2Fevil&outcome=cancelled"))).isEqualTo(shop + "/");
        assertThat(location(get("/checkout/return?item=https%3A%2F%2Fevil.example"))).isEqualTo(shop + "/");
    }

    @Test
    void aReceiptOpensOnlyWithTheCookieOfTheBrowserThatPaid() {
        var response = get("/checkout/receipts/stl_nosuchthing");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(response.body()).contains("This download is not available in this browser any more");
    }

    @Test
    void aCheckoutPostWithoutAnApprovalIsExplainedAndChargesNothing() {
        var response = postForm("/checkout/complete", "purchase=x");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("Nothing was charged").doesNotContain("Exception");
    }

    @Test
    void theBrowsersCheckoutIsIdempotentAndUsesTheApprovalUpForEveryOtherWay() {
        var client = new ContentpayClient(deployment.auth().url());
        SelectResponse selection = client.select(deployment.shop().url(), "ringtone");
        ApprovalResponse approval = client.approve("alice", "alice-demo-pass".toCharArray(), selection);
        String form = checkoutForm(selection, approval) + "&nonce=" + Ids.randomToken(16);

        var first = postForm("/checkout/complete", form);
        var reload = postForm("/checkout/complete", form);

        assertThat(first.statusCode()).isEqualTo(303);
        assertThat(location(first)).startsWith("/checkout/receipts/stl_");
        assertThat(location(reload)).isEqualTo(location(first));
        List<String> cookies = first.headers().allValues("Set-Cookie");
        assertThat(cookies).hasSize(2).allSatisfy(c -> assertThat(c).contains("Path=" + location(first), "HttpOnly", "SameSite=Lax"));
        assertThatThrownBy(() -> client.present(selection, approval)).isInstanceOfSatisfying(ContentpayException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.APPROVAL_ALREADY_USED));
        var download = get(location(first) + "/download", "Cookie", cookies.stream().map(c -> c.split(";")[0]).reduce((a, b) -> a + "; " + b).orElseThrow());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Security-Policy")).hasValue("sandbox; default-src 'none'");
        assertThat(download.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"ringtone.wav\"");
    }

    @Test
    void aReplayOfTheApprovalByAnotherPartyNeitherGetsNorChangesTheBuyersReceipt() {
        var client = new ContentpayClient(deployment.auth().url());
        SelectResponse selection = client.select(deployment.shop().url(), "wallpaper");
        String form = checkoutForm(selection, client.approve("alice", "alice-demo-pass".toCharArray(), selection));
        // The nonce is the buyer's page's own (auth's approved page puts a fresh one in its form).
        var buyers = postForm("/checkout/complete", form + "&nonce=" + Ids.randomToken(16));
        String receipt = location(buyers);
        String cookies = buyers.headers().allValues("Set-Cookie").stream().map(c -> c.split(";")[0]).reduce((a, b) -> a + "; " + b).orElseThrow();
        String grant = grantOf(receipt);

        // Whoever else holds the approval has no page of the buyer's, so no nonce of theirs.
        var withoutNonce = postForm("/checkout/complete", form);
        var withOwnNonce = postForm("/checkout/complete", form + "&nonce=" + Ids.randomToken(16));
        // Nor does the buyer's receipt change once the stored answer is gone (as a retention purge removes it).
        TestDatabases.execute(TestDatabases.url(dir, "settlement"), "DELETE FROM idempotency_entry");
        var afterPurge = postForm("/checkout/complete", form + "&nonce=" + Ids.randomToken(16));

        assertThat(withoutNonce.statusCode()).isEqualTo(400);
        for (var replay : List.of(withoutNonce, withOwnNonce, afterPurge)) {
            assertThat(replay.headers().firstValue("Location")).isEmpty();
            assertThat(replay.headers().allValues("Set-Cookie")).isEmpty();
            assertThat(replay.body()).doesNotContain(receipt);
        }
        assertThat(withoutNonce.body()).contains("Nothing was charged");
        assertThat(withOwnNonce.statusCode()).isEqualTo(409);
        assertThat(afterPurge.statusCode()).isEqualTo(409);
        assertThat(afterPurge.body()).contains("already used");
        assertThat(grantOf(receipt)).isEqualTo(grant);
        var page = get(receipt, "Cookie", cookies);
        assertThat(page.statusCode()).isEqualTo(200);
        // The receipt is the seller's qualified invoice: its number, the day, the rate and the tax in the price.
        assertThat(page.body()).contains("Qualified invoice (適格請求書)", "T2010001000008", "¥100 (incl. 10% tax)",
                "Consumption tax at 10%</dt><dd>¥9<").containsPattern("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC");
        assertThat(get(receipt + "/download", "Cookie", cookies).statusCode()).isEqualTo(200);
    }

    /** The checkout form's approval and purchase, as the issuer's page posts them (its nonce is added by each test). */
    private static String checkoutForm(SelectResponse selection, ApprovalResponse approval) {
        return "approval=" + URLEncoder.encode(approval.approval(), StandardCharsets.UTF_8)
                + "&purchase=" + URLEncoder.encode(selection.sealed(), StandardCharsets.UTF_8);
    }

    /** The download grant's token hash and expiry of the receipt at {@code receiptPath}, as settlement's database holds it. */
    private static String grantOf(String receiptPath) {
        String settlementId = receiptPath.substring(receiptPath.lastIndexOf('/') + 1);
        return dev.contentpay.e2e.TestDeployment.rows(dir, "settlement",
                "SELECT token_sha256, expires_at FROM download_grant WHERE settlement_id = '" + settlementId + "'").toString();
    }

    private static HttpResponse<String> get(String path, String... headers) {
        var builder = HttpRequest.newBuilder(settlement().resolve(path)).GET();
        if (headers.length > 0) builder.headers(headers);
        return send(builder.build());
    }

    private static HttpResponse<String> postForm(String path, String body) {
        return send(HttpRequest.newBuilder(settlement().resolve(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Sec-Fetch-Site", "same-site").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static URI settlement() {
        return deployment.settlement().url();
    }

    private static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location: " + response.statusCode()));
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
