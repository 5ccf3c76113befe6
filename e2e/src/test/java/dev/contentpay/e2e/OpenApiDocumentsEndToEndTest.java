package dev.contentpay.e2e;

import dev.contentpay.app.Deployment;
import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.crypto.TokenSigner;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.EnrollResponse;
import dev.contentpay.protocol.JudgeRequest;
import dev.contentpay.protocol.JudgeResponse;
import dev.contentpay.protocol.PaymentNotice;
import dev.contentpay.protocol.PurchaseRequest;
import dev.contentpay.protocol.Receipt;
import dev.contentpay.protocol.RefundRequest;
import dev.contentpay.protocol.RestoreRequest;
import dev.contentpay.protocol.SelectResponse;
import dev.contentpay.protocol.TerminalProof;
import dev.contentpay.protocol.VoidRequest;
import dev.contentpay.protocol.admin.RegisterSubscriberRequest;
import dev.contentpay.client.ContentpayClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published API documents (issue "Operate it"): every face of a running deployment serves an
 * OpenAPI 3.1 document that a third-party parser reads without a message, that lists exactly the
 * routes the face's code registered, whose protocol schemas list exactly the records' fields, and
 * whose every operation, when called, answers a status and content type the document lists.
 */
class OpenApiDocumentsEndToEndTest {

    private static final String AUTH = "auth";
    private static final String MERCHANT = "auth (merchant face)";
    private static final String ADMIN = "auth (admin face)";
    private static final String SHOP = "shop";
    private static final String SETTLEMENT = "settlement";
    private static final String BUREAU = "bureau";
    private static final Clock CLOCK = Clock.systemUTC();

    @TempDir
    static Path dir;
    private static Deployment deployment;
    private static ApiDocuments api;

    @BeforeAll
    static void start() {
        deployment = TestDeployment.start(dir, Map.of());
        api = new ApiDocuments(deployment, Deployment.certificates(dir).context("settlement"));
    }

    @AfterAll
    static void stop() {
        if (deployment != null) deployment.close();
    }

    @Test
    void everyFaceServesAnOpenApi31DocumentThatTheParserReadsWithoutAMessage() {
        assertThat(api.faces().keySet()).containsExactlyInAnyOrder(AUTH, MERCHANT, ADMIN, SHOP, SETTLEMENT, BUREAU);
        api.faces().forEach((name, face) -> {
            assertThat(face.parserMessages()).as("the parser's messages on %s's document", name).isEmpty();
            assertThat(face.document().path("openapi").asText()).as(name).startsWith("3.1.");
            assertThat(face.api().getOpenapi()).as(name).startsWith("3.1.");
            assertThat(face.api().getPaths()).as(name).isNotEmpty();
        });
    }

    /** The parser's silence means something: it speaks up on a document with a dangling reference. */
    @Test
    void theParserHasMessagesForABrokenDocument() {
        String broken = """
                {"openapi": "3.1.0", "info": {"title": "broken", "version": "1"},
                 "paths": {"/v1/x": {"get": {"responses": {"200": {"description": "x",
                   "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Missing"}}}}}}}}}
                """;
        assertThat(ApiDocuments.parse(broken).getMessages()).isNotEmpty();
    }

    @Test
    void everyFaceDocumentsExactlyTheRoutesItsCodeRegistered() {
        api.faces().forEach((name, face) -> {
            assertThat(face.registered()).as("routes %s registered", name).isNotEmpty();
            assertThat(face.operations()).as("%s: documented operations against registered routes", name)
                    .containsExactlyInAnyOrderElementsOf(face.registered());
        });
    }

    /** A schema named after a wire record must list that record's fields, no more and no fewer. */
    @Test
    void everySchemaNamedAfterAProtocolRecordListsExactlyItsFields() {
        int checked = 0;
        for (var face : api.faces().values()) {
            var schemas = face.document().path("components").path("schemas");
            for (var names = schemas.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                Class<?> record = protocolRecord(name);
                if (record == null) continue;
                var fields = new java.util.TreeSet<String>();
                for (var component : record.getRecordComponents()) fields.add(component.getName());
                var properties = new java.util.TreeSet<String>();
                schemas.path(name).path("properties").fieldNames().forEachRemaining(properties::add);
                assertThat(properties).as("%s's schema %s against %s", face.name(), name, record.getName()).isEqualTo(fields);
                checked++;
            }
        }
        assertThat(checked).as("schemas checked against records").isGreaterThan(20);
    }

    @Test
    void everyDocumentedOperationAnswersAsItsDocumentSays() throws IOException {
        for (var face : api.faces().values()) {
            for (String operation : face.operations()) callWithoutCredentials(face, operation);
        }
        var terminal = new ContentpayClient(deployment.auth().url());
        shopAndBureau();
        subscriberFace(terminal);
        subscriberPages();
        merchantFace(terminal);
        adminFace(terminal);
        settlement(terminal);
        reversals(terminal);
        signingKeys();

        api.report().forEach(System.out::println);
        assertThat(api.mismatches()).as("answers their documents do not allow").isEmpty();
        assertThat(api.notCalled()).as("documented operations never called").isEmpty();
        assertThat(api.neverSucceeded()).as("operations that only ever answered an error")
                .containsExactlyInAnyOrder(
                        // A dead letter needs the issuer to refuse a notice until attempts run out (SettlementIssuerEndToEndTest).
                        SETTLEMENT + ": POST /v1/admin/outbox/{id}/resend",
                        // A failed delivery needs a merchant down for three days (IssuerWebhooksEndToEndTest).
                        ADMIN + ": POST /v1/admin/webhook-deliveries/{id}/redeliver",
                        // This deployment is live, and refuses them; a sandbox issuer answers them (SandboxEndToEndTest).
                        ADMIN + ": GET /v1/admin/sandbox/merchants/{id}/faults",
                        ADMIN + ": PUT /v1/admin/sandbox/merchants/{id}/faults");
    }

    /**
     * The call a stranger would make: parameters filled with names of nothing, an empty JSON object
     * or form, an idempotency key where one is documented, and no credentials.
     */
    private static void callWithoutCredentials(ApiDocuments.Face face, String operation) {
        String method = operation.substring(0, operation.indexOf(' '));
        String template = operation.substring(operation.indexOf(' ') + 1);
        String path = template.replaceAll("\\{([A-Za-z]+)}", "no-such-$1");
        var op = face.operation(method, template);
        var headers = new HashMap<String, String>();
        if (op.getParameters() != null && op.getParameters().stream().anyMatch(p -> p.getName().equals("Idempotency-Key"))) {
            headers.putAll(key());
        }
        if (op.getRequestBody() == null) {
            api.call(face.name(), method, template, path, headers, null, null);
        } else if (op.getRequestBody().getContent().containsKey("application/json")) {
            api.call(face.name(), method, template, path, headers, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        } else {
            api.call(face.name(), method, template, path, headers, "application/x-www-form-urlencoded", new byte[0]);
        }
    }

    private static void shopAndBureau() throws IOException {
        select("wallpaper");
        var content = "/v1/contents/wallpaper";
        assertThat(api.call(SHOP, "GET", "/v1/contents/{itemId}", content, assertion(settlementSigner(), Deployment.MERCHANT_ID,
                Deployment.MERCHANT_ID + "-shop", "GET", content, new byte[0]), null, null).status()).isEqualTo(200);
        assertThat(api.call(SHOP, "GET", "/pictures/{itemId}", "/pictures/wallpaper", Map.of(), null, null).status()).isEqualTo(200);
        var page = api.call(SHOP, "GET", "/items/{itemId}", "/items/wallpaper", Map.of(), null, null);
        assertThat(page.status()).isEqualTo(200);
        String cookie = page.headers().allValues("Set-Cookie").stream().map(c -> c.substring(0, c.indexOf(';')))
                .filter(c -> c.contains("cp_shop_csrf")).findFirst().orElseThrow();
        String form = "csrf=" + field(page.text(), "csrf") + "&key=" + field(page.text(), "key");
        assertThat(api.callForm(SHOP, "/items/{itemId}/buy", "/items/wallpaper/buy", Map.of("Cookie", cookie), form).status()).isEqualTo(303);

        String reference = api.callJson(ADMIN, "GET", "/v1/admin/subscribers/{id}", "/v1/admin/subscribers/alice", operator(AUTH), null)
                .json().path("bureauReference").asText();
        String report = "/v1/reports/" + reference;
        var authKey = new TokenSigner(KeyFiles.loadOrCreate(dir.resolve("keys/auth.jwk"), Deployment.ISSUER_ID + "-1"));
        assertThat(api.call(BUREAU, "GET", "/v1/reports/{reference}", report,
                assertion(authKey, Deployment.ISSUER_ID, Deployment.BUREAU_ID, "GET", report, new byte[0]), null, null).status()).isEqualTo(200);
    }

    private static void subscriberFace(ContentpayClient terminal) throws IOException {
        var selection = select("ringtone");
        assertThat(api.call(AUTH, "GET", "/approve", "/approve?purchase=" + URLEncoder.encode(selection.sealed(), StandardCharsets.UTF_8),
                Map.of(), null, null).status()).isEqualTo(200);
        var approval = api.callJson(AUTH, "POST", "/v1/approvals", "/v1/approvals", key(),
                Map.of("subscriberId", "alice", "password", "alice-demo-pass", "purchase", selection.sealed()));
        assertThat(approval.status()).isEqualTo(201);
        var alice = basic("alice", "alice-demo-pass");
        assertThat(api.call(AUTH, "GET", "/v1/subscriber/history", "/v1/subscriber/history", alice, null, null).status()).isEqualTo(200);
        assertThat(api.call(AUTH, "GET", "/v1/subscriber/statement", "/v1/subscriber/statement?from=2026-01-01", alice, null, null).status()).isEqualTo(200);
        assertThat(api.call(AUTH, "GET", "/v1/subscriber/buyer-proof", "/v1/subscriber/buyer-proof?merchant=" + Deployment.MERCHANT_ID, alice,
                null, null).status()).isEqualTo(200);
        assertThat(api.callJson(AUTH, "PUT", "/v1/subscriber/limit", "/v1/subscriber/limit", alice,
                Map.of("amount", Money.of(10_000, "JPY"))).status()).isEqualTo(200);
        assertThat(api.callJson(AUTH, "PUT", "/v1/subscriber/pin-threshold", "/v1/subscriber/pin-threshold", alice,
                Map.of("amount", Money.of(1_000, "JPY"), "pin", "1234")).status()).isEqualTo(200);
        assertThat(api.call(AUTH, "DELETE", "/v1/subscriber/pin-lock", "/v1/subscriber/pin-lock", alice, null, null).status()).isEqualTo(200);

        var enrolled = enroll("api document test");
        assertThat(api.call(AUTH, "GET", "/v1/terminals", "/v1/terminals", alice, null, null).status()).isEqualTo(200);
        byte[] body = Json.write(Map.of("purchase", select("wallpaper").sealed()));
        var proof = TerminalProof.sign(enrolled.terminalId(), TerminalProof.decodeSecret(enrolled.secret()), "POST", "/v1/terminal/approvals",
                body, CLOCK.instant());
        var headers = new HashMap<>(ContentpayClient.proofHeaders(proof));
        headers.putAll(key());
        var approved = api.call(AUTH, "POST", "/v1/terminal/approvals", "/v1/terminal/approvals", headers, "application/json", body);
        assertThat(approved.status()).isEqualTo(201);
        String statePath = "/v1/terminal/approvals/" + approved.json().path("approvalId").asText();
        var stateProof = TerminalProof.sign(enrolled.terminalId(), TerminalProof.decodeSecret(enrolled.secret()), "GET", statePath, new byte[0],
                CLOCK.instant());
        assertThat(api.call(AUTH, "GET", "/v1/terminal/approvals/{approvalId}", statePath, ContentpayClient.proofHeaders(stateProof), null, null)
                .status()).isEqualTo(200);
        assertThat(api.call(AUTH, "DELETE", "/v1/terminals/{id}", "/v1/terminals/" + enrolled.terminalId(), alice, null, null).status())
                .isEqualTo(200);
    }

    /** The browser pages, driven as a browser would: cookies kept, forms filled from the page. */
    private static void subscriberPages() {
        var browser = new Browser();
        var signIn = browser.get("/account", "/account");
        assertThat(browser.form("/account/sign-in", "/account/sign-in",
                "subscriberId=alice&password=alice-demo-pass&csrf=" + field(signIn.text(), "csrf")).status()).isEqualTo(303);
        var account = browser.get("/account", "/account");
        assertThat(account.text()).contains("/account/limit");
        assertThat(browser.form("/account/limit", "/account/limit", "limit=10000&csrf=" + field(account.text(), "csrf")).status())
                .isEqualTo(303);
        assertThat(browser.form("/account/pin-lock/reset", "/account/pin-lock/reset",
                "password=alice-demo-pass&csrf=" + field(browser.get("/account", "/account").text(), "csrf")).status()).isEqualTo(303);
        assertThat(browser.get("/account/statement", "/account/statement?from=2026-01-01").status()).isEqualTo(200);
        var enrolled = enroll("revoked from the subscriber's page");
        var terminals = browser.get("/account/terminals", "/account/terminals");
        assertThat(terminals.status()).isEqualTo(200);
        String revoke = "/account/terminals/" + enrolled.terminalId() + "/revoke";
        assertThat(browser.form("/account/terminals/{terminalId}/revoke", revoke, "csrf=" + field(terminals.text(), "csrf")).status())
                .isEqualTo(303);

        var selection = select("ringtone");
        String page = "/approve?purchase=" + encode(selection.sealed());
        var confirm = browser.get("/approve", page);
        assertThat(browser.form("/approve", "/approve", "purchase=" + encode(selection.sealed()) + "&attempt=" + field(confirm.text(), "attempt")
                + "&csrf=" + field(confirm.text(), "csrf")).status()).isEqualTo(200);
        assertThat(browser.form("/sign-out", "/sign-out", "csrf=" + field(browser.get("/account", "/account").text(), "csrf")).status())
                .isEqualTo(303);

        var stranger = new Browser();
        var another = select("wallpaper");
        var approvalPage = stranger.get("/approve", "/approve?purchase=" + encode(another.sealed()));
        assertThat(stranger.form("/approve/sign-in", "/approve/sign-in", "purchase=" + encode(another.sealed())
                + "&subscriberId=alice&password=alice-demo-pass&csrf=" + field(approvalPage.text(), "csrf")).status()).isEqualTo(303);
    }

    /** A browser on auth's subscriber face: keeps the cookies it is given and sends them back. */
    private static final class Browser {
        private final Map<String, String> cookies = new java.util.LinkedHashMap<>();

        ApiDocuments.Answer get(String template, String path) {
            return keep(api.call(AUTH, "GET", template, path, headers(), null, null));
        }

        ApiDocuments.Answer form(String template, String path, String form) {
            return keep(api.callForm(AUTH, template, path, headers(), form));
        }

        private Map<String, String> headers() {
            if (cookies.isEmpty()) return Map.of();
            return Map.of("Cookie", String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        }

        private ApiDocuments.Answer keep(ApiDocuments.Answer answer) {
            for (String cookie : answer.headers().allValues("Set-Cookie")) {
                String pair = cookie.split(";", 2)[0];
                int eq = pair.indexOf('=');
                if (eq <= 0) continue;
                if (pair.length() == eq + 1) cookies.remove(pair.substring(0, eq));
                else cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            return answer;
        }
    }

    private static void merchantFace(ContentpayClient terminal) throws IOException {
        var selection = select("game");
        var approval = terminal.approve("alice", TestDeployment.password("alice"), selection);
        var judged = merchantCall("/v1/merchant/judgements", new JudgeRequest(approval.approval(), approval.orderId(), approval.amount()));
        assertThat(judged.status()).isEqualTo(200);
        var allowance = Json.read(judged.body(), JudgeResponse.class);
        var another = terminal.approve("alice", TestDeployment.password("alice"), select("wallpaper"));
        var batch = merchantCall("/v1/merchant/judgement-batches", new dev.contentpay.protocol.JudgementBatch(java.util.List.of(
                new dev.contentpay.protocol.JudgementBatch.Item("judge-" + UUID.randomUUID(),
                        new JudgeRequest(another.approval(), another.orderId(), another.amount())))));
        assertThat(batch.status()).isEqualTo(200);
        assertThat(Json.read(batch.body(), dev.contentpay.protocol.JudgementBatchResponse.class).results())
                .singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(200));
        String settlementId = "stl_" + UUID.randomUUID();
        assertThat(merchantCall("/v1/merchant/payment-notices", new PaymentNotice(allowance.allowanceId(), settlementId, allowance.amount(),
                CLOCK.instant())).status()).isEqualTo(200);
        assertThat(merchantCall("/v1/merchant/line-keys", java.util.Map.of()).status()).isEqualTo(200);
        assertThat(merchantCall("/v1/merchant/payment-notice-batches", new dev.contentpay.protocol.PaymentNoticeBatch(java.util.List.of(
                new PaymentNotice(allowance.allowanceId(), settlementId, allowance.amount(), CLOCK.instant())))).status()).isEqualTo(200);
        assertThat(merchantCall("/v1/merchant/refunds", new RefundRequest("rfd_" + UUID.randomUUID(), allowance.allowanceId(), settlementId,
                allowance.amount(), CLOCK.instant())).status()).isEqualTo(200);
        var unused = terminal.approve("alice", TestDeployment.password("alice"), select("wallpaper"));
        assertThat(merchantCall("/v1/merchant/voids", new VoidRequest(unused.approvalId())).status()).isEqualTo(200);
        String totals = "/v1/merchant/daily-totals";
        assertThat(api.call(MERCHANT, "GET", totals, totals + "?date=" + today(),
                assertion(settlementSigner(), Deployment.MERCHANT_ID, Deployment.ISSUER_ID, "GET", totals, new byte[0]), null, null).status())
                .isEqualTo(200);
        String events = "/v1/merchant/events";
        assertThat(api.call(MERCHANT, "GET", events, events + "?limit=10",
                assertion(settlementSigner(), Deployment.MERCHANT_ID, Deployment.ISSUER_ID, "GET", events, new byte[0]), null, null).status())
                .isEqualTo(200);
    }

    private static void adminFace(ContentpayClient terminal) throws IOException {
        var token = operator(AUTH);
        var erin = new RegisterSubscriberRequest("erin", "Erin", "erin-demo-pass", null, "points", Money.of(0, "JPY"), null, null);
        assertThat(api.callJson(ADMIN, "POST", "/v1/admin/subscribers", "/v1/admin/subscribers", with(token, key()), erin).status()).isEqualTo(201);
        var amount = Map.of("amount", Money.of(300, "JPY"));
        assertThat(api.callJson(ADMIN, "POST", "/v1/admin/subscribers/{id}/points", "/v1/admin/subscribers/erin/points", with(token, key()), amount)
                .status()).isEqualTo(200);
        assertThat(api.callJson(ADMIN, "POST", "/v1/admin/subscribers/{id}/top-ups", "/v1/admin/subscribers/carol/top-ups", with(token, key()), amount)
                .status()).isEqualTo(200);
        for (String action : new String[]{"suspend", "resume", "close"}) {
            assertThat(api.callJson(ADMIN, "POST", "/v1/admin/subscribers/{id}/" + action, "/v1/admin/subscribers/erin/" + action,
                    with(token, key()), Map.of()).status()).as(action).isEqualTo(200);
        }
        assertThat(api.callJson(ADMIN, "PUT", "/v1/admin/subscribers/{id}/limit", "/v1/admin/subscribers/alice/limit", token,
                Map.of("amount", Money.of(12_000, "JPY"))).status()).isEqualTo(200);
        String[][] reads = {
                {"/v1/admin/subscribers/{id}/statement", "/v1/admin/subscribers/alice/statement?from=2026-01-01"},
                {"/v1/admin/subscribers/{id}/terminals", "/v1/admin/subscribers/alice/terminals"},
                {"/v1/admin/merchants/{id}/daily-totals", "/v1/admin/merchants/sakura/daily-totals?date=" + today()},
                {"/v1/admin/audit", "/v1/admin/audit?subscriber=alice&limit=5"}};
        for (String[] read : reads) {
            assertThat(api.call(ADMIN, "GET", read[0], read[1], token, null, null).status()).as(read[1]).isEqualTo(200);
        }
        merchants(token);
        var enrolled = enroll("revoked by the operator");
        assertThat(api.call(ADMIN, "POST", "/v1/admin/terminals/{id}/revoke", "/v1/admin/terminals/" + enrolled.terminalId() + "/revoke",
                with(token, key()), null, null).status()).isEqualTo(200);
        assertThat(api.call(ADMIN, "POST", "/v1/admin/sweep", "/v1/admin/sweep", token, null, null).status()).isEqualTo(200);
        assertThat(api.call(ADMIN, "GET", "/v1/admin/webhook-deliveries", "/v1/admin/webhook-deliveries?status=delivered&limit=10", token,
                null, null).status()).isEqualTo(200);
        assertThat(api.call(ADMIN, "POST", "/v1/admin/webhook-deliveries/{id}/redeliver", "/v1/admin/webhook-deliveries/evt_none/redeliver",
                with(token, key()), null, null).status()).isEqualTo(404);
        // This deployment is live: the sandbox's fault setting is refused (SandboxEndToEndTest sets it on a sandbox issuer).
        assertThat(api.call(ADMIN, "GET", "/v1/admin/sandbox/merchants/{id}/faults", "/v1/admin/sandbox/merchants/sakura/faults", token,
                null, null).status()).isEqualTo(403);
        assertThat(api.callJson(ADMIN, "PUT", "/v1/admin/sandbox/merchants/{id}/faults", "/v1/admin/sandbox/merchants/sakura/faults", token,
                new dev.contentpay.protocol.admin.SandboxFaultSetting(null, java.util.List.of("drop-notices"), null)).status()).isEqualTo(403);
    }

    /** A merchant registered, listed, shown, suspended and resumed, with keys of its own: the demo's merchants go on selling. */
    private static void merchants(Map<String, String> token) {
        var keys = java.util.List.of(KeyFiles.generate("docs-shop-1"), KeyFiles.generate("docs-settlement-1"));
        var register = new dev.contentpay.protocol.admin.RegisterMerchantRequest("docs", "Documents Shop",
                new com.nimbusds.jose.jwk.JWKSet(keys.get(0).toPublicJWK()).toJSONObject(true),
                new com.nimbusds.jose.jwk.JWKSet(keys.get(1).toPublicJWK()).toJSONObject(true), "https://docs.example/settle", null, "T5010001000005");
        assertThat(api.callJson(ADMIN, "POST", "/v1/admin/merchants", "/v1/admin/merchants", with(token, key()), register).status()).isEqualTo(200);
        assertThat(api.call(ADMIN, "GET", "/v1/admin/merchants", "/v1/admin/merchants?limit=10", token, null, null).status()).isEqualTo(200);
        assertThat(api.call(ADMIN, "GET", "/v1/admin/merchants/{id}", "/v1/admin/merchants/docs", token, null, null).status()).isEqualTo(200);
        for (String action : new String[]{"suspend", "resume"}) {
            assertThat(api.callJson(ADMIN, "POST", "/v1/admin/merchants/{id}/" + action, "/v1/admin/merchants/docs/" + action,
                    with(token, key()), Map.of()).status()).as(action).isEqualTo(200);
        }
    }

    /** Each server's signing keys listed and rotated, last: the keys replaced stay accepted for the rest of the run. */
    private static void signingKeys() throws IOException {
        for (String[] face : new String[][]{{ADMIN, AUTH}, {SETTLEMENT, SETTLEMENT}, {SHOP, SHOP}}) {
            var token = operator(face[1]);
            assertThat(api.call(face[0], "GET", "/v1/admin/keys", "/v1/admin/keys", token, null, null).status()).as(face[0]).isEqualTo(200);
            assertThat(api.call(face[0], "POST", "/v1/admin/keys/rotations", "/v1/admin/keys/rotations", with(token, key()), null, null).status())
                    .as(face[0]).isEqualTo(200);
            if (!face[0].equals(SHOP)) {
                assertThat(api.call(face[0], "POST", "/v1/admin/tls/reloads", "/v1/admin/tls/reloads", with(token, key()), null, null).status())
                        .as(face[0]).isEqualTo(200);
            }
        }
    }

    private static void settlement(ContentpayClient terminal) throws IOException {
        var selection = select("ebook");
        var approval = terminal.approve("alice", TestDeployment.password("alice"), selection);
        var settled = api.callJson(SETTLEMENT, "POST", "/v1/purchases", "/v1/purchases", key(),
                new PurchaseRequest(approval.approval(), selection.sealed()));
        assertThat(settled.status()).isEqualTo(201);
        var receipt = Json.read(settled.body(), Receipt.class);
        URI link = URI.create(receipt.downloadUrl());
        assertThat(api.call(SETTLEMENT, "GET", "/v1/downloads/{settlementId}", link.getRawPath() + "?" + link.getRawQuery(), Map.of(), null, null)
                .status()).isEqualTo(200);
        assertThat(api.callJson(SETTLEMENT, "POST", "/v1/purchases/restore", "/v1/purchases/restore", key(),
                new RestoreRequest(approval.approval())).status()).isEqualTo(200);

        var token = operator(SETTLEMENT);
        var refund = api.callJson(SETTLEMENT, "POST", "/v1/admin/refunds", "/v1/admin/refunds", with(token, key()),
                Map.of("settlementId", receipt.settlementId(), "reason", "checking the API document"));
        assertThat(refund.status()).isEqualTo(200);
        String refundId = refund.json().path("refundId").asText();
        String[][] reads = {
                {"/v1/admin/refunds/{refundId}", "/v1/admin/refunds/" + refundId}, {"/v1/admin/outbox", "/v1/admin/outbox"},
                {"/v1/admin/reconciliation", "/v1/admin/reconciliation?date=" + today()}, {"/v1/admin/ledger", "/v1/admin/ledger"},
                {"/v1/events", "/v1/events?after=0&limit=10"}};
        for (String[] read : reads) {
            assertThat(api.call(SETTLEMENT, "GET", read[0], read[1], token, null, null).status()).as(read[1]).isEqualTo(200);
        }
        assertThat(api.call(SETTLEMENT, "GET", "/admin", "/admin", basic("operator", token.get("Authorization").substring(7)), null, null)
                .status()).isEqualTo(200);
        assertThat(api.call(SETTLEMENT, "POST", "/v1/admin/outbox/{id}/resend", "/v1/admin/outbox/no-such-message/resend", with(token, key()),
                null, null).status()).isEqualTo(404);
        assertThat(api.call(SETTLEMENT, "POST", "/v1/admin/issuer-events/replay", "/v1/admin/issuer-events/replay?limit=10", with(token, key()),
                null, null).status()).isEqualTo(200);
        String eventId = "evt_" + dev.contentpay.platform.id.Ids.sortableToken(CLOCK.millis(), 16);
        byte[] event = Json.write(new dev.contentpay.protocol.IssuerEvent(eventId, "approval.expired", Deployment.MERCHANT_ID, approval.approvalId(),
                null, null, null, approval.amount(), null, CLOCK.instant(), "live"));
        long now = CLOCK.instant().getEpochSecond();
        var webhookKey = KeyFiles.loadOrCreate(dir.resolve("keys/auth-webhook.jwk"), "unused");
        assertThat(api.call(SETTLEMENT, "POST", "/v1/issuer-events", "/v1/issuer-events", Map.of("webhook-id", eventId, "webhook-timestamp",
                Long.toString(now), "webhook-signature", dev.contentpay.platform.crypto.WebhookSignatures.sign(webhookKey, eventId, now, event),
                "Idempotency-Key", eventId),
                "application/json", event).status()).isEqualTo(200);

        var inBrowser = select("ringtone");
        var browserApproval = terminal.approve("alice", TestDeployment.password("alice"), inBrowser);
        var completed = api.callForm(SETTLEMENT, "/checkout/complete", "/checkout/complete", Map.of(),
                "approval=" + encode(browserApproval.approval()) + "&purchase=" + encode(inBrowser.sealed())
                        + "&nonce=" + dev.contentpay.platform.id.Ids.randomToken(16));
        assertThat(completed.status()).isEqualTo(303);
        String receiptPage = completed.headers().firstValue("Location").orElseThrow();
        String cookies = String.join("; ", completed.headers().allValues("Set-Cookie").stream().map(c -> c.substring(0, c.indexOf(';'))).toList());
        String settlementId = receiptPage.substring(receiptPage.lastIndexOf('/') + 1);
        assertThat(api.call(SETTLEMENT, "GET", "/checkout/receipts/{settlementId}", "/checkout/receipts/" + settlementId,
                Map.of("Cookie", cookies), null, null).status()).isEqualTo(200);
        assertThat(api.call(SETTLEMENT, "GET", "/checkout/receipts/{settlementId}/download", "/checkout/receipts/" + settlementId + "/download",
                Map.of("Cookie", cookies), null, null).status()).isEqualTo(200);
        assertThat(api.call(SETTLEMENT, "GET", "/checkout/return", "/checkout/return?item=ringtone&outcome=cancelled", Map.of(), null, null)
                .status()).isEqualTo(303);
    }

    /**
     * Reversals of one charged purchase, each asking back 10 JPY, so that every route is answered:
     * one contested on the merchant face and rejected on the admin face; one contested on
     * settlement's API and rejected with the issuer's page form; one accepted on settlement's API;
     * one contested and one accepted with settlement's page forms.
     */
    private static void reversals(ContentpayClient terminal) throws IOException {
        Receipt receipt = terminal.buy(deployment.shop().url(), "alice", TestDeployment.password("alice"), "wallpaper").receipt();
        String approval = "SELECT status, allowance_id FROM approval WHERE id = '" + receipt.approvalId() + "'";
        IssuerTestbed.await(java.time.Duration.ofSeconds(20), () -> TestDeployment.rows(dir, "auth", approval).get(0).get(0).equals("CHARGED"));
        String allowance = TestDeployment.rows(dir, "auth", approval).get(0).get(1);
        var admin = operator(AUTH);
        var merchant = operator(SETTLEMENT);

        String first = openReversal(admin, allowance);
        assertThat(api.call(ADMIN, "GET", "/v1/admin/reversals", "/v1/admin/reversals?status=opened&limit=10", admin, null, null).status()).isEqualTo(200);
        assertThat(api.call(ADMIN, "GET", "/v1/admin/reversals/{id}", "/v1/admin/reversals/" + first, admin, null, null).status()).isEqualTo(200);
        assertThat(merchantCall("/v1/merchant/reversal-answers", new dev.contentpay.protocol.ReversalAnswer(first, "contest", "checking the document"))
                .status()).isEqualTo(200);
        assertThat(api.callJson(ADMIN, "POST", "/v1/admin/reversals/{id}/decision", "/v1/admin/reversals/" + first + "/decision", with(admin, key()),
                new dev.contentpay.protocol.admin.ReversalDecisionRequest("rejected", null, null)).status()).isEqualTo(200);

        String second = openReversal(admin, allowance);
        assertThat(api.call(SETTLEMENT, "GET", "/v1/admin/reversals", "/v1/admin/reversals?status=opened", merchant, null, null).status()).isEqualTo(200);
        assertThat(api.callJson(SETTLEMENT, "POST", "/v1/admin/reversals/{id}/contest", "/v1/admin/reversals/" + second + "/contest",
                with(merchant, key()), Map.of("note", "checking the document")).status()).isEqualTo(200);
        var adminBasic = basic("operator", admin.get("Authorization").substring(7));
        var issuerPage = api.call(ADMIN, "GET", "/admin/reversals", "/admin/reversals", adminBasic, null, null);
        assertThat(issuerPage.status()).isEqualTo(200);
        String decision = "/admin/reversals/" + second + "/decision";
        assertThat(api.callForm(ADMIN, "/admin/reversals/{id}/decision", decision, pageHeaders(adminBasic, issuerPage),
                PageForms.hiddenFields(issuerPage.text(), decision) + "&outcome=rejected").status()).isEqualTo(303);

        String third = openReversal(admin, allowance);
        assertThat(api.call(SETTLEMENT, "POST", "/v1/admin/reversals/{id}/accept", "/v1/admin/reversals/" + third + "/accept", with(merchant, key()),
                null, null).status()).isEqualTo(200);

        var merchantBasic = basic("operator", merchant.get("Authorization").substring(7));
        for (String answer : new String[]{"contest", "accept"}) {
            String reversal = openReversal(admin, allowance);
            var page = api.call(SETTLEMENT, "GET", "/admin", "/admin", merchantBasic, null, null);
            String action = "/admin/reversals/" + reversal + "/" + answer;
            assertThat(api.callForm(SETTLEMENT, "/admin/reversals/{id}/" + answer, action, pageHeaders(merchantBasic, page),
                    PageForms.hiddenFields(page.text(), action) + (answer.equals("contest") ? "&note=checking" : "")).status()).isEqualTo(303);
            if (answer.equals("contest")) {
                assertThat(api.callJson(ADMIN, "POST", "/v1/admin/reversals/{id}/decision", "/v1/admin/reversals/" + reversal + "/decision",
                        with(admin, key()), new dev.contentpay.protocol.admin.ReversalDecisionRequest("rejected", null, null)).status()).isEqualTo(200);
            }
        }
    }

    /** Opens a reversal of 10 JPY of the allowance and waits until the merchant's settlement server has it from its webhook. */
    private static String openReversal(Map<String, String> admin, String allowance) {
        var opened = api.callJson(ADMIN, "POST", "/v1/admin/reversals", "/v1/admin/reversals", with(admin, key()),
                new dev.contentpay.protocol.admin.OpenReversalRequest(allowance, "customer_care", Money.of(10, "JPY")));
        assertThat(opened.status()).as(opened.text()).isEqualTo(201);
        String id = opened.json().path("id").asText();
        IssuerTestbed.await(java.time.Duration.ofSeconds(20),
                () -> !TestDeployment.rows(dir, "settlement", "SELECT status FROM reversal WHERE id = '" + id + "'").isEmpty());
        return id;
    }

    /** What a browser sends with a form of a page it was shown: the credentials, the page's form cookie, and that it comes from the page. */
    private static Map<String, String> pageHeaders(Map<String, String> basic, ApiDocuments.Answer page) {
        return with(basic, Map.of("Cookie", PageForms.cookie(page.headers()), "Sec-Fetch-Site", "same-origin"));
    }

    private static SelectResponse select(String item) {
        var answer = api.callJson(SHOP, "POST", "/v1/orders", "/v1/orders", key(), Map.of("itemId", item));
        assertThat(answer.status()).isEqualTo(201);
        return Json.read(answer.body(), SelectResponse.class);
    }

    private static EnrollResponse enroll(String name) {
        var answer = api.callJson(AUTH, "POST", "/v1/terminals", "/v1/terminals", key(),
                Map.of("subscriberId", "alice", "password", "alice-demo-pass", "name", name));
        assertThat(answer.status()).isEqualTo(201);
        return Json.read(answer.body(), EnrollResponse.class);
    }

    private static ApiDocuments.Answer merchantCall(String path, Object request) {
        byte[] body = Json.write(request);
        return api.call(MERCHANT, "POST", path, path,
                with(assertion(settlementSigner(), Deployment.MERCHANT_ID, Deployment.ISSUER_ID, "POST", path, body), key()),
                "application/json", body);
    }

    private static TokenSigner settlementSigner() {
        return new TokenSigner(KeyFiles.loadOrCreate(dir.resolve("keys/settlement.jwk"), Deployment.MERCHANT_ID + "-settlement-1"));
    }

    private static Map<String, String> assertion(TokenSigner signer, String client, String audience, String method, String path, byte[] body) {
        return Map.of("Authorization", "Bearer " + ClientAssertions.create(signer, client, audience, method, path, body, CLOCK));
    }

    private static Map<String, String> operator(String server) throws IOException {
        String file = server.equals(AUTH) ? "auth-admin.token" : server.equals(SHOP) ? "shop-admin.token" : "settlement-admin.token";
        return Map.of("Authorization", "Bearer " + Files.readString(dir.resolve("keys").resolve(file)).strip());
    }

    private static Map<String, String> basic(String user, String password) {
        String pair = user + ":" + password;
        return Map.of("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    private static Map<String, String> key() {
        return Map.of("Idempotency-Key", UUID.randomUUID().toString());
    }

    private static Map<String, String> with(Map<String, String> a, Map<String, String> b) {
        var all = new HashMap<>(a);
        all.putAll(b);
        return all;
    }

    private static String field(String html, String name) {
        var m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("a %s field on the page", name).isTrue();
        return encode(m.group(1));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String today() {
        return LocalDate.now(ZoneOffset.UTC).toString();
    }

    private static Class<?> protocolRecord(String name) {
        for (String candidate : new String[]{"dev.contentpay.protocol." + name, "dev.contentpay.protocol.admin." + name}) {
            try {
                Class<?> type = Class.forName(candidate);
                if (type.isRecord()) return type;
            } catch (ClassNotFoundException e) {
                // Not this package; schemas of a server's own views have no protocol record.
            }
        }
        for (String outer : new String[]{"History", "DailyTotals", "Statement", "Receipt"}) {
            if (name.startsWith(outer) && name.length() > outer.length()) {
                try {
                    return Class.forName("dev.contentpay.protocol." + outer + "$" + name.substring(outer.length()));
                } catch (ClassNotFoundException e) {
                    // Not a nested record of this one.
                }
            }
        }
        return null;
    }
}
