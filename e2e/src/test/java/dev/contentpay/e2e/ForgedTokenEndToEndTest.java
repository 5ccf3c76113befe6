package dev.contentpay.e2e;

import com.nimbusds.jose.jwk.OctetKeyPair;
import dev.contentpay.app.Deployment;
import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.protocol.ApprovalResponse;
import dev.contentpay.protocol.JudgeResponse;
import dev.contentpay.protocol.SelectResponse;
import dev.contentpay.protocol.TerminalProof;
import dev.contentpay.client.ContentpayClient;
import dev.contentpay.client.TerminalCredential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static dev.contentpay.e2e.BadInputEndToEndTest.json;
import static dev.contentpay.e2e.TestDeployment.password;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forged and broken tokens (issue 7, item 3) at the real server that receives each: approvals at
 * settlement and at auth's judging, sealed purchasing information at auth and at settlement,
 * client assertions at auth's merchant face, the bureau and the shop, and terminal proofs at auth.
 * Each forgery of {@link Forgery} is refused with its stable code, and nothing changed: the
 * approval is still unused, and no approval, allowance, settlement, ledger entry or charge was
 * added. Allowances are received by settlement from auth: a proxy on the dedicated line replaces
 * the genuine one in auth's answer, and nothing may be settled or charged.
 */
class ForgedTokenEndToEndTest {

    @TempDir
    static Path dir;
    static Deployment deployment;
    static Endpoints endpoints;
    static ContentpayClient client;
    static OctetKeyPair issuerKey;
    static OctetKeyPair shopKey;
    static OctetKeyPair settlementKey;
    static TerminalCredential phone;
    static IssuerProxy proxy;

    @BeforeAll
    static void start() {
        var ports = Deployment.Ports.free();
        try {
            proxy = new IssuerProxy(java.net.URI.create("https://127.0.0.1:" + ports.authMerchant()), Deployment.certificates(dir).context("settlement"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        deployment = Deployment.start(dir, ports, Clock.systemUTC(), TestDeployment.withTestSettings(dir, Map.of("auth", Map.of("rate-limit.per-minute", "1000000"),
                "settlement", TestDeployment.throughPlainProxy(proxy.url(), Map.of()))));
        endpoints = new Endpoints(deployment, dir, Clock.systemUTC(), "alice", password("alice"));
        client = TestDeployment.terminal(deployment);
        issuerKey = (OctetKeyPair) KeyFiles.loadOrCreate(dir.resolve("keys/auth.jwk"), Deployment.ISSUER_ID + "-1");
        shopKey = (OctetKeyPair) KeyFiles.loadOrCreate(dir.resolve("keys/shop.jwk"), Deployment.MERCHANT_ID + "-shop-1");
        settlementKey = (OctetKeyPair) KeyFiles.loadOrCreate(dir.resolve("keys/settlement.jwk"), Deployment.MERCHANT_ID + "-settlement-1");
        phone = client.enroll("alice", password("alice"), "forgery phone");
        JudgeResponse judged = new Merchant(deployment, dir, Clock.systemUTC()).judge(purchase().approval());
        allowance = judged.allowance();
    }

    @AfterAll
    static void stop() {
        if (endpoints != null) System.out.printf("ForgedTokenEndToEndTest: %d requests sent, %d routes%n", endpoints.sent.get(), endpoints.all().size());
        if (deployment != null) deployment.close();
        if (proxy != null) proxy.close();
    }

    /** Settlement's view of a purchase: what a refused allowance must leave as it was. */
    static List<List<String>> settlementState() {
        return TestDeployment.rows(dir, "settlement", "SELECT (SELECT COUNT(*) FROM settlement), (SELECT COUNT(*) FROM ledger_entry),"
                + " (SELECT COUNT(*) FROM outbox), (SELECT COUNT(*) FROM download_grant), (SELECT COALESCE(SUM(debits), 0) FROM ledger_balance)");
    }

    @ParameterizedTest(name = "an allowance {0} answered to settlement")
    @EnumSource(Forgery.class)
    void aForgedAllowanceIsRefusedBySettlementAndNothingIsSettled(Forgery forgery) {
        assertAllowanceRefused(genuine -> forgery.apply(genuine, issuerKey, Instant.now()));
    }

    /** Settlement, answered {@code rewrite} of the genuine allowance, refuses it: nothing settled, nothing charged. */
    static void assertAllowanceRefused(UnaryOperator<String> rewrite) {
        var purchase = purchase();
        var settlementBefore = settlementState();
        var chargedBefore = TestDeployment.rows(dir, "auth", "SELECT COUNT(*) FROM use_entry");
        proxy.allowanceRewrite = rewrite;
        try {
            var answer = present(purchase.approval().approval(), purchase.selection().sealed());
            assertThat(answer.code()).as(answer.toString()).isEqualTo(ErrorCode.ALLOWANCE_INVALID.code());
        } finally {
            proxy.allowanceRewrite = null;
        }
        assertThat(settlementState()).as("nothing settled").isEqualTo(settlementBefore);
        assertThat(TestDeployment.rows(dir, "auth", "SELECT COUNT(*) FROM use_entry")).as("nothing charged").isEqualTo(chargedBefore);
    }

    /** The control: the same line, the same kind of purchase, untouched, settles; so the refusals above are the forgeries' doing. */
    @org.junit.jupiter.api.Test
    void aGenuinePurchaseOnTheSameLineSettles() {
        var purchase = purchase();
        var answer = present(purchase.approval().approval(), purchase.selection().sealed());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
    }

    @org.junit.jupiter.api.Test
    void aGenuineAllowanceOfAnotherPurchaseIsRefusedBySettlement() {
        assertAllowanceRefused(genuine -> allowance);
    }

    /** The code an approval's receiver gives a forgery: the reason where the error catalogue has one, else approval_invalid. */
    static ErrorCode approvalCode(Forgery f) {
        return switch (f) {
            case EXPIRED_BEYOND_THE_SKEW -> ErrorCode.APPROVAL_EXPIRED;
            case WRONG_AUDIENCE -> ErrorCode.APPROVAL_WRONG_MERCHANT;
            default -> ErrorCode.APPROVAL_INVALID;
        };
    }

    @ParameterizedTest(name = "an approval {0} presented to settlement")
    @EnumSource(Forgery.class)
    void aForgedApprovalIsRefusedBySettlementAndStaysUnused(Forgery forgery) {
        var purchase = purchase();
        var before = endpoints.snapshot();
        var answer = present(forgery.apply(purchase.approval().approval(), issuerKey, Instant.now()), purchase.selection().sealed());
        assertRefused(answer, forgery, approvalCode(forgery), before);
        assertStillIssued(purchase.approval());
    }

    @ParameterizedTest(name = "an approval {0} sent to be judged")
    @EnumSource(Forgery.class)
    void aForgedApprovalIsRefusedByTheIssuersJudgingAndStaysUnused(Forgery forgery) {
        var purchase = purchase();
        var before = endpoints.snapshot();
        var answer = judge(forgery.apply(purchase.approval().approval(), issuerKey, Instant.now()), purchase.approval(), null);
        // The issuer knows its own token by the hash it recorded: anything else is not an approval it issued.
        assertRefused(answer, forgery, ErrorCode.APPROVAL_INVALID, before);
        assertStillIssued(purchase.approval());
    }

    /** An approval issued before the issuer kept its tokens' hashes is still checked by its signature, with the signature's codes. */
    @ParameterizedTest(name = "an approval {0} without a recorded hash, sent to be judged")
    @EnumSource(Forgery.class)
    void aForgedApprovalWithoutARecordedHashIsRefusedByItsSignature(Forgery forgery) {
        var purchase = purchase();
        TestDeployment.execute(dir, "auth", "UPDATE approval SET token_sha256 = NULL WHERE id = '" + purchase.approval().approvalId() + "'");
        var before = endpoints.snapshot();
        var answer = judge(forgery.apply(purchase.approval().approval(), issuerKey, Instant.now()), purchase.approval(), null);
        assertRefused(answer, forgery, approvalCode(forgery), before);
        assertStillIssued(purchase.approval());
    }

    @org.junit.jupiter.api.Test
    void aGenuineApprovalWithoutARecordedHashIsJudgedByItsSignature() {
        var purchase = purchase();
        TestDeployment.execute(dir, "auth", "UPDATE approval SET token_sha256 = NULL WHERE id = '" + purchase.approval().approvalId() + "'");
        var answer = judge(purchase.approval().approval(), purchase.approval(), null);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(TestDeployment.rows(dir, "auth", "SELECT status FROM approval WHERE id = '" + purchase.approval().approvalId() + "'"))
                .containsExactly(List.of("ALLOWED"));
    }

    /** A seal carries no audience, so a seal signed for "someone else" is still the merchant's own: that case does not apply. */
    static Stream<Forgery> sealForgeries() {
        return Stream.of(Forgery.values()).filter(f -> f != Forgery.WRONG_AUDIENCE);
    }

    @ParameterizedTest(name = "purchasing information {0} sent to the issuer")
    @MethodSource("sealForgeries")
    void forgedPurchasingInformationIsRefusedByTheIssuer(Forgery forgery) {
        SelectResponse selection = client.select(deployment.shop().url(), "wallpaper");
        var before = endpoints.snapshot();
        var answer = call("POST /v1/approvals", json("subscriberId", "alice", "password", "alice-demo-pass",
                "purchase", forgery.apply(selection.sealed(), shopKey, Instant.now())), null);
        assertRefused(answer, forgery, forgery == Forgery.WRONG_ISSUER ? ErrorCode.UNKNOWN_MERCHANT : ErrorCode.PURCHASE_INFO_INVALID, before);
    }

    @ParameterizedTest(name = "purchasing information {0} presented to settlement")
    @MethodSource("sealForgeries")
    void forgedPurchasingInformationIsRefusedBySettlement(Forgery forgery) {
        var purchase = purchase();
        var before = endpoints.snapshot();
        var answer = present(purchase.approval().approval(), forgery.apply(purchase.selection().sealed(), shopKey, Instant.now()));
        assertRefused(answer, forgery, ErrorCode.PURCHASE_INFO_INVALID, before);
        assertStillIssued(purchase.approval());
    }

    @ParameterizedTest(name = "the merchant''s client assertion {0} on the dedicated line")
    @EnumSource(Forgery.class)
    void aForgedClientAssertionIsRefusedOnTheDedicatedLine(Forgery forgery) {
        var purchase = purchase();
        var before = endpoints.snapshot();
        var answer = judge(purchase.approval().approval(), purchase.approval(), assertion -> forgery.apply(assertion, settlementKey, Instant.now()));
        assertRefused(answer, ErrorCode.CLIENT_UNAUTHENTICATED, before);
        assertStillIssued(purchase.approval());
    }

    @ParameterizedTest(name = "the issuer''s client assertion {0} at the bureau")
    @EnumSource(Forgery.class)
    void aForgedClientAssertionIsRefusedByTheBureau(Forgery forgery) {
        var answer = withAssertion("bureau", "GET /v1/reports/{reference}", "/v1/reports/JB-40017", null,
                a -> forgery.apply(a, issuerKey, Instant.now()));
        assertThat(answer.code()).as(answer.toString()).isEqualTo(ErrorCode.CLIENT_UNAUTHENTICATED.code());
    }

    @ParameterizedTest(name = "settlement''s client assertion {0} at the shop''s contents")
    @EnumSource(Forgery.class)
    void aForgedClientAssertionIsRefusedByTheShop(Forgery forgery) {
        var answer = withAssertion("shop", "GET /v1/contents/{itemId}", "/v1/contents/wallpaper", null,
                a -> forgery.apply(a, settlementKey, Instant.now()));
        assertThat(answer.code()).as(answer.toString()).isEqualTo(ErrorCode.CLIENT_UNAUTHENTICATED.code());
    }

    /** A genuine assertion made for another request: another path, body, method, audience, or living too long. */
    static Stream<Arguments> misboundAssertions() {
        return Stream.of(
                Arguments.of("made for another path", (Misbind) (body, now) -> ClientAssertions.create(signer(settlementKey), Deployment.MERCHANT_ID,
                        Deployment.ISSUER_ID, "POST", "/v1/merchant/voids", body, Clock.systemUTC())),
                Arguments.of("made for another body", (Misbind) (body, now) -> ClientAssertions.create(signer(settlementKey), Deployment.MERCHANT_ID,
                        Deployment.ISSUER_ID, "POST", "/v1/merchant/judgements", "{}".getBytes(StandardCharsets.UTF_8), Clock.systemUTC())),
                Arguments.of("made for another method", (Misbind) (body, now) -> ClientAssertions.create(signer(settlementKey), Deployment.MERCHANT_ID,
                        Deployment.ISSUER_ID, "GET", "/v1/merchant/judgements", body, Clock.systemUTC())),
                Arguments.of("made for the shop", (Misbind) (body, now) -> ClientAssertions.create(signer(settlementKey), Deployment.MERCHANT_ID,
                        Deployment.MERCHANT_ID + "-shop", "POST", "/v1/merchant/judgements", body, Clock.systemUTC())),
                Arguments.of("an approval instead", (Misbind) (body, now) -> null),
                Arguments.of("living an hour", (Misbind) (body, now) -> {
                    String genuine = ClientAssertions.create(signer(settlementKey), Deployment.MERCHANT_ID, Deployment.ISSUER_ID, "POST",
                            "/v1/merchant/judgements", body, Clock.systemUTC());
                    try {
                        var jwt = com.nimbusds.jwt.SignedJWT.parse(genuine);
                        return Forgery.sign(jwt.getHeader(), Forgery.times(jwt.getJWTClaimsSet(), now, now.plusSeconds(3600)),
                                dev.contentpay.platform.crypto.TokenSigner.jwsSignerFor(settlementKey));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
    }

    interface Misbind {
        String assertion(byte[] body, Instant now);
    }

    @ParameterizedTest(name = "a client assertion {0} is refused on the dedicated line")
    @MethodSource("misboundAssertions")
    void aClientAssertionBoundToAnotherRequestIsRefused(String what, Misbind misbind) {
        var purchase = purchase();
        var before = endpoints.snapshot();
        var answer = judge(purchase.approval().approval(), purchase.approval(), genuine -> {
            String body = judgeBody(purchase.approval().approval(), purchase.approval());
            String made = misbind.assertion(body.getBytes(StandardCharsets.UTF_8), Instant.now());
            return made == null ? purchase.approval().approval() : made;
        });
        assertRefused(answer, ErrorCode.CLIENT_UNAUTHENTICATED, before);
        assertStillIssued(purchase.approval());
    }

    /** Genuine tokens presented where another kind belongs. */
    @ParameterizedTest(name = "{0} presented as an approval to settlement")
    @MethodSource("otherKinds")
    void aTokenOfAnotherKindIsNotAnApproval(String kind) {
        var purchase = purchase();
        var before = endpoints.snapshot();
        assertRefused(present(otherKind(kind, purchase), purchase.selection().sealed()), ErrorCode.APPROVAL_INVALID, before);
        assertRefused(judge(otherKind(kind, purchase), purchase.approval(), null), ErrorCode.APPROVAL_INVALID, before);
        assertStillIssued(purchase.approval());
    }

    @ParameterizedTest(name = "{0} presented as purchasing information to the issuer")
    @MethodSource("otherKinds")
    void aTokenOfAnotherKindIsNotPurchasingInformation(String kind) {
        var purchase = purchase();
        var before = endpoints.snapshot();
        String token = kind.equals("sealed purchasing information") ? purchase.approval().approval() : otherKind(kind, purchase);
        var answer = call("POST /v1/approvals", json("subscriberId", "alice", "password", "alice-demo-pass", "purchase", token), null);
        assertThat(answer.code()).as(answer.toString()).isIn(ErrorCode.PURCHASE_INFO_INVALID.code(), ErrorCode.UNKNOWN_MERCHANT.code());
        assertThat(endpoints.snapshot()).isEqualTo(before);
    }

    static List<String> otherKinds() {
        return List.of("an allowance", "sealed purchasing information", "a client assertion");
    }

    private static String otherKind(String kind, Purchase purchase) {
        return switch (kind) {
            case "an allowance" -> allowance;
            case "sealed purchasing information" -> purchase.selection().sealed();
            default -> ClientAssertions.create(signer(issuerKey), Deployment.ISSUER_ID, Deployment.MERCHANT_ID, "POST", "/v1/purchases",
                    new byte[0], Clock.systemUTC());
        };
    }

    /** A genuine allowance, judged once for a purchase of its own. */
    static String allowance;


    /** Terminal proofs: each forgery of the four headers is refused before anything is issued. */
    static Stream<Arguments> terminalProofForgeries() {
        return Stream.of(
                Arguments.of("a body changed after signing", (ProofForgery) (p, body) -> new String[]{p.terminalId(), p.timestamp(), p.nonce(), p.signature()},
                        ErrorCode.TERMINAL_PROOF_INVALID, true),
                Arguments.of("a truncated signature", (ProofForgery) (p, body) -> new String[]{p.terminalId(), p.timestamp(), p.nonce(), p.signature().substring(0, 20)},
                        ErrorCode.TERMINAL_PROOF_INVALID, false),
                Arguments.of("a flipped signature bit", (ProofForgery) (p, body) -> new String[]{p.terminalId(), p.timestamp(), p.nonce(),
                        (p.signature().charAt(0) == 'A' ? "B" : "A") + p.signature().substring(1)}, ErrorCode.TERMINAL_PROOF_INVALID, false),
                Arguments.of("a signature by another secret", (ProofForgery) (p, body) -> new String[]{p.terminalId(), p.timestamp(), p.nonce(),
                        TerminalProof.signature(new byte[32], "POST", "/v1/terminal/approvals", p.timestamp(), p.nonce(), body)}, ErrorCode.TERMINAL_PROOF_INVALID, false),
                Arguments.of("an unknown terminal", (ProofForgery) (p, body) -> new String[]{"trm_unknownunknownunknow", p.timestamp(), p.nonce(), p.signature()},
                        ErrorCode.TERMINAL_REVOKED, false),
                Arguments.of("a timestamp ten minutes old", (ProofForgery) (p, body) -> resigned(p, body, Instant.now().minusSeconds(600)),
                        ErrorCode.TERMINAL_PROOF_INVALID, false),
                Arguments.of("a timestamp ten minutes ahead", (ProofForgery) (p, body) -> resigned(p, body, Instant.now().plusSeconds(600)),
                        ErrorCode.TERMINAL_PROOF_INVALID, false),
                Arguments.of("an empty signature", (ProofForgery) (p, body) -> new String[]{p.terminalId(), p.timestamp(), p.nonce(), ""},
                        ErrorCode.TERMINAL_PROOF_INVALID, false),
                Arguments.of("garbage everywhere", (ProofForgery) (p, body) -> new String[]{"' OR 1=1 --", "yesterday", "short", "!!!"},
                        ErrorCode.TERMINAL_PROOF_INVALID, false),
                Arguments.of("a JWS for a signature", (ProofForgery) (p, body) -> new String[]{p.terminalId(), p.timestamp(), p.nonce(), allowance},
                        ErrorCode.TERMINAL_PROOF_INVALID, false));
    }

    interface ProofForgery {
        String[] headers(TerminalProof.Headers genuine, byte[] body);
    }

    private static String[] resigned(TerminalProof.Headers p, byte[] body, Instant at) {
        var proof = phone.sign("POST", "/v1/terminal/approvals", body, at);
        return new String[]{proof.terminalId(), proof.timestamp(), proof.nonce(), proof.signature()};
    }

    @ParameterizedTest(name = "a terminal proof with {0}")
    @MethodSource("terminalProofForgeries")
    void aForgedTerminalProofIsRefusedAndIssuesNothing(String what, ProofForgery forgery, ErrorCode code, boolean changeBody) {
        SelectResponse selection = client.select(deployment.shop().url(), "wallpaper");
        byte[] body = json("purchase", selection.sealed()).getBytes(StandardCharsets.UTF_8);
        var genuine = phone.sign("POST", "/v1/terminal/approvals", body, Instant.now());
        String[] h = forgery.headers(genuine, body);
        byte[] sent = changeBody ? json("purchase", client.select(deployment.shop().url(), "video").sealed()).getBytes(StandardCharsets.UTF_8) : body;
        var before = endpoints.snapshot();
        var route = route("auth", "POST /v1/terminal/approvals");
        var answer = endpoints.call(route, "/v1/terminal/approvals").body(sent).unauthenticated()
                .header(TerminalProof.ID_HEADER, h[0]).header(TerminalProof.TIMESTAMP_HEADER, h[1])
                .header(TerminalProof.NONCE_HEADER, h[2]).header(TerminalProof.SIGNATURE_HEADER, h[3]).send();
        assertRefused(answer, code, before);
    }

    // ---- helpers

    record Purchase(SelectResponse selection, ApprovalResponse approval) {
    }

    static Purchase purchase() {
        SelectResponse selection = client.select(deployment.shop().url(), "wallpaper");
        return new Purchase(selection, client.approve("alice", password("alice"), selection));
    }

    static Endpoints.Answer present(String approval, String sealed) {
        return call("POST /v1/purchases", json("approval", approval, "purchase", sealed), null);
    }

    static String judgeBody(String approval, ApprovalResponse genuine) {
        return "{\"approval\":\"" + approval + "\",\"orderId\":\"" + genuine.orderId() + "\",\"amount\":{\"amount\":"
                + genuine.amount().amount() + ",\"currency\":\"" + genuine.amount().currency() + "\"}}";
    }

    /** Judges {@code approval} on the dedicated line, with the merchant's genuine assertion passed through {@code forge} (or untouched). */
    static Endpoints.Answer judge(String approval, ApprovalResponse genuine, UnaryOperator<String> forge) {
        return call("POST /v1/merchant/judgements", judgeBody(approval, genuine), forge);
    }

    static Endpoints.Answer call(String key, String body, UnaryOperator<String> forgeAssertion) {
        var route = endpoints.all().stream().filter(r -> r.key().equals(key)).findFirst().orElseThrow();
        String path = route.template();
        if (forgeAssertion == null) return endpoints.call(route, path).body(body).send();
        var call = endpoints.call(route, path).body(body);
        String genuine = endpoints.credentials(call).get(0)[1].substring("Bearer ".length());
        return call.unauthenticated().header("Authorization", "Bearer " + forgeAssertion.apply(genuine)).send();
    }

    static Endpoints.Answer withAssertion(String face, String key, String path, String body, UnaryOperator<String> forge) {
        var route = route(face, key);
        var call = endpoints.call(route, path);
        if (body != null) call.body(body);
        String genuine = endpoints.credentials(call).get(0)[1].substring("Bearer ".length());
        return call.unauthenticated().header("Authorization", "Bearer " + forge.apply(genuine)).send();
    }

    static Endpoints.Route route(String face, String key) {
        return endpoints.all().stream().filter(r -> r.face().equals(face) && r.key().equals(key)).findFirst().orElseThrow();
    }

    static dev.contentpay.platform.crypto.TokenSigner signer(OctetKeyPair key) {
        return new dev.contentpay.platform.crypto.TokenSigner(key);
    }

    static void assertRefused(Endpoints.Answer answer, ErrorCode code, Endpoints.Snapshot before) {
        assertThat(answer.code()).as(answer.toString()).isEqualTo(code.code());
        assertThat(answer.status()).isEqualTo(code.status());
        assertThat(endpoints.snapshot()).as("nothing changed").isEqualTo(before);
    }

    /**
     * An empty string, or one that is no token at all, may be refused by the request's own shape
     * check ({@code validation_failed}) before any token is parsed; anything token-shaped gets the
     * token's code.
     */
    static void assertRefused(Endpoints.Answer answer, Forgery forgery, ErrorCode code, Endpoints.Snapshot before) {
        boolean shapeless = forgery == Forgery.EMPTY || forgery == Forgery.GARBAGE;
        if (shapeless && ErrorCode.VALIDATION_FAILED.code().equals(answer.code())) code = ErrorCode.VALIDATION_FAILED;
        assertThat(answer.code()).as(answer.toString()).isEqualTo(code.code());
        assertThat(answer.status()).isEqualTo(code.status());
        assertThat(endpoints.snapshot()).as("nothing changed").isEqualTo(before);
    }

    static void assertStillIssued(ApprovalResponse approval) {
        assertThat(TestDeployment.rows(dir, "auth", "SELECT status FROM approval WHERE id = '" + approval.approvalId() + "'"))
                .as("the approval is still unused").containsExactly(List.of("ISSUED"));
    }
}
