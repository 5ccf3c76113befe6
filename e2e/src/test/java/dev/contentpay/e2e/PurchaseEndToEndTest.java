package dev.contentpay.e2e;

import com.nimbusds.jose.jwk.JWKSet;
import dev.contentpay.app.Deployment;
import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.crypto.TokenSigner;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.ServiceClient;
import dev.contentpay.protocol.JudgeRequest;
import dev.contentpay.protocol.JudgeResponse;
import dev.contentpay.protocol.PurchaseRequest;
import dev.contentpay.protocol.Receipt;
import dev.contentpay.protocol.SelectResponse;
import dev.contentpay.client.ContentpayClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.contentpay.e2e.TestDeployment.assertRefused;
import static dev.contentpay.e2e.TestDeployment.password;
import static dev.contentpay.e2e.TestDeployment.rows;
import static org.assertj.core.api.Assertions.assertThat;

/** The purchase of SYSTEM.md §2, steps 1 to 11, across the four real servers. */
class PurchaseEndToEndTest {

    @TempDir
    static Path dir;
    static Deployment deployment;
    static ContentpayClient terminal;

    @BeforeAll
    static void start() {
        deployment = TestDeployment.start(dir, Map.of());
        terminal = TestDeployment.terminal(deployment);
    }

    @AfterAll
    static void stop() {
        deployment.close();
    }

    @Test
    void aliceBuysTheWallpaperAndReceivesExactlyTheShopsBytesAndOneChargeOf100() throws Exception {
        var purchase = terminal.buy(deployment.shop().url(), "alice", password("alice"), "wallpaper");

        byte[] shopBytes;
        try (var in = getClass().getClassLoader().getResourceAsStream("demo/wallpaper.png")) {
            shopBytes = in.readAllBytes();
        }
        assertThat(purchase.content()).isEqualTo(shopBytes);
        assertThat(purchase.receipt().amount().amount()).isEqualTo(100);
        assertThat(purchase.receipt().contentSha256()).isEqualTo(ClientAssertions.sha256Hex(shopBytes));

        String approvalId = purchase.receipt().approvalId();
        var history = TestDeployment.awaitHistory(deployment, "alice",
                h -> h.entries().stream().anyMatch(e -> e.approvalId().equals(approvalId) && e.status().equals("charged")));
        var entry = history.entries().stream().filter(e -> e.approvalId().equals(approvalId)).findFirst().orElseThrow();
        assertThat(entry.status()).isEqualTo("charged");
        assertThat(entry.amount().amount()).isEqualTo(100);
        assertThat(rows(dir, "auth", "SELECT amount FROM use_entry WHERE approval_id = '" + approvalId + "'"))
                .containsExactly(List.of("100"));
        assertThat(rows(dir, "settlement", "SELECT COUNT(*) FROM settlement WHERE approval_id = '" + approvalId + "'"))
                .containsExactly(List.of("1"));
    }

    @Test
    void bobIsRefusedByTheCreditCheck() {
        assertRefused(() -> terminal.buy(deployment.shop().url(), "bob", password("bob"), "wallpaper"), ErrorCode.CREDIT_REFUSED);
    }

    @Test
    void carolBuysWithinHerPrepaidBalanceAndIsRefusedBeyondIt() {
        var game = terminal.buy(deployment.shop().url(), "carol", password("carol"), "game");
        assertThat(game.receipt().amount().amount()).isEqualTo(500);
        assertThat(game.approval().remainingAfter().amount()).isZero();

        assertRefused(() -> terminal.buy(deployment.shop().url(), "carol", password("carol"), "wallpaper"), ErrorCode.LIMIT_EXCEEDED);
        var history = TestDeployment.awaitHistory(deployment, "carol", h -> h.charged().amount() == 500);
        assertThat(history.charged().amount()).isEqualTo(500);
        assertThat(history.remaining().amount()).isZero();
    }

    @Test
    void daveIsRefusedBecauseHisAccountIsSuspended() {
        assertRefused(() -> terminal.buy(deployment.shop().url(), "dave", password("dave"), "wallpaper"), ErrorCode.SUBSCRIBER_SUSPENDED);
    }

    @Test
    void anUnknownSubscriberAndAWrongPasswordGetTheSameAnswer() {
        assertRefused(() -> terminal.buy(deployment.shop().url(), "mallory", "guess".toCharArray(), "wallpaper"), ErrorCode.BAD_CREDENTIALS);
        assertRefused(() -> terminal.buy(deployment.shop().url(), "alice", "guess".toCharArray(), "wallpaper"), ErrorCode.BAD_CREDENTIALS);
    }

    @Test
    void purchasingInformationWithAnAlteredPriceIsRefused() {
        SelectResponse selection = terminal.select(deployment.shop().url(), "video");
        String[] parts = selection.sealed().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String cheaper = payload.replace("\"amount\":1200", "\"amount\":1");
        assertThat(cheaper).isNotEqualTo(payload);
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(cheaper.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        var altered = new SelectResponse(selection.purchase(), forged);

        assertRefused(() -> terminal.approve("alice", password("alice"), altered), ErrorCode.PURCHASE_INFO_INVALID);
    }

    @Test
    void theSameApprovalPresentedTwiceYieldsOneAllowance() {
        SelectResponse selection = terminal.select(deployment.shop().url(), "ringtone");
        var approval = terminal.approve("alice", password("alice"), selection);

        Receipt first = terminal.present(selection, approval);
        assertRefused(() -> terminal.present(selection, approval), ErrorCode.APPROVAL_ALREADY_USED);

        assertThat(rows(dir, "settlement", "SELECT COUNT(*) FROM settlement WHERE approval_id = '" + first.approvalId() + "'"))
                .containsExactly(List.of("1"));
        assertThat(rows(dir, "auth", "SELECT COUNT(*) FROM approval WHERE id = '" + first.approvalId() + "' AND allowance_id IS NOT NULL"))
                .containsExactly(List.of("1"));
    }

    @Test
    void theSameApprovalPresentedFiftyTimesAtOnceStillYieldsExactlyOneAllowance() throws Exception {
        SelectResponse selection = terminal.select(deployment.shop().url(), "wallpaper");
        var approval = terminal.approve("alice", password("alice"), selection);

        List<Future<Receipt>> attempts = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) attempts.add(pool.submit((Callable<Receipt>) () -> terminal.present(selection, approval)));
        }
        int settled = 0;
        for (var attempt : attempts) {
            try {
                attempt.get();
                settled++;
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(ContentpayException.class);
                assertThat(((ContentpayException) e.getCause()).code()).isEqualTo(ErrorCode.APPROVAL_ALREADY_USED);
            }
        }
        assertThat(settled).isEqualTo(1);
        assertThat(rows(dir, "settlement", "SELECT COUNT(*) FROM settlement WHERE approval_id = '" + approval.approvalId() + "'"))
                .containsExactly(List.of("1"));
        assertThat(rows(dir, "auth", "SELECT status FROM approval WHERE id = '" + approval.approvalId() + "'").get(0).get(0))
                .isIn("ALLOWED", "CHARGED");
    }

    @Test
    void aBuyerWhoseReceiptWasLostGetsTheSameSettlementAgainByRetryingWithTheSameKey() {
        SelectResponse selection = terminal.select(deployment.shop().url(), "ringtone");
        var approval = terminal.approve("alice", password("alice"), selection);
        var settlement = new ServiceClient(selection.purchase().settleAt(), Duration.ofSeconds(10), ErrorCode.SETTLEMENT_UNAVAILABLE, null, Clock.systemUTC());
        var request = new PurchaseRequest(approval.approval(), selection.sealed());
        Receipt first = settlement.post("/v1/purchases", request, "lost-receipt-1", Receipt.class);

        // As if settlement had died after its commit and before it stored its answer to this key:
        // the stored answer is gone, and the buyer, who never saw a receipt, retries the same request.
        // Entries are found by a keyed hash of the key (the key file's): the latest one is this purchase's.
        assertThat(TestDeployment.execute(dir, "settlement", "DELETE FROM idempotency_entry WHERE created_at = (SELECT MAX(created_at) FROM idempotency_entry)")).isEqualTo(1);
        Receipt again = settlement.post("/v1/purchases", request, "lost-receipt-1", Receipt.class);

        assertThat(again.settlementId()).isEqualTo(first.settlementId());
        assertThat(again.downloadUrl()).isNotEqualTo(first.downloadUrl());
        assertThat(terminal.download(again)).hasSize((int) again.size());
        assertThat(rows(dir, "settlement", "SELECT COUNT(*) FROM settlement WHERE approval_id = '" + first.approvalId() + "'"))
                .containsExactly(List.of("1"));
        assertRefused(() -> settlement.post("/v1/purchases", request, "another-presentation", Receipt.class), ErrorCode.APPROVAL_ALREADY_USED);
    }

    @Test
    void anApprovalPresentedAtAnotherMerchantIsRefused() {
        SelectResponse selection = terminal.select(deployment.shop().url(), "ebook");
        var approval = terminal.approve("alice", password("alice"), selection);
        var otherKey = KeyFiles.generate("umeya-settlement-1");
        deployment.auth().merchants().register(new dev.contentpay.auth.merchant.MerchantRegistry.Registration("umeya", "Umeya Books",
                new JWKSet(KeyFiles.generate("umeya-shop-1").toPublicJWK()), new JWKSet(otherKey.toPublicJWK()), java.net.URI.create("http://127.0.0.1:1"), "umeya"));
        // Another merchant with its own certificate from the issuer's authority, and its own signing key.
        var otherMerchant = new ServiceClient(deployment.auth().merchantUrl(), Duration.ofSeconds(5), ErrorCode.AUTH_UNAVAILABLE,
                new ServiceClient.Identity("umeya", new TokenSigner(otherKey), Deployment.ISSUER_ID), Clock.systemUTC(),
                dev.contentpay.app.DemoCertificates.ensure(dir.resolve("keys"), "umeya").context("umeya"));

        assertRefused(() -> otherMerchant.post("/v1/merchant/judgements",
                        new JudgeRequest(approval.approval(), approval.orderId(), approval.amount()), "judge-elsewhere", JudgeResponse.class),
                ErrorCode.APPROVAL_WRONG_MERCHANT);
        // The rightful merchant can still use it: a refusal elsewhere does not burn the approval.
        assertThat(terminal.present(selection, approval).amount().amount()).isEqualTo(800);
    }

    @Test
    void noRowOfSettlementsOrTheShopsDatabaseHoldsAlicesIdNameOrPassword() {
        terminal.buy(deployment.shop().url(), "alice", password("alice"), "ringtone");
        for (String database : List.of("settlement", "shop")) {
            for (var table : rows(dir, database, TestDeployment.tables(dir, database))) {
                for (var row : rows(dir, database, "SELECT * FROM \"" + table.get(0) + "\"")) {
                    assertThat(withoutOpaqueRuns(String.join("|", row.stream().map(String::valueOf).toList()))
                            .toLowerCase(Locale.ROOT))
                            .as("a row of %s.%s", database, table.get(0))
                            .doesNotContain("alice", "aoki", "alice-demo-pass");
                }
            }
        }
    }

    /**
     * Ciphertext, signatures and digests, written as long runs of base64 or hex, are random: read
     * without regard to case, one of them spells a four-letter name such as "aoki" by chance now and
     * then (an idempotency answer, AES-GCM in base64, once did). A name or password kept in clear is
     * never part of such a run: the row's text around it still shows it.
     */
    private static String withoutOpaqueRuns(String row) {
        return row.replaceAll("[A-Za-z0-9+/_-]{44,}={0,2}", "<opaque>");
    }
}
