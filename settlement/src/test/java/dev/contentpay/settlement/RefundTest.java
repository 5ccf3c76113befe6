package dev.contentpay.settlement;

import dev.contentpay.protocol.Receipt;
import dev.contentpay.protocol.RefundRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The merchant refunds a settlement in full or in parts up to its price: each refund once, in one
 * transaction, told to the issuer after the payment it refunds.
 */
class RefundTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

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
    void aRefundWritesTheRefundItsBalancedEntriesItsMessageAndItsEventTogetherAndTheIssuerCreditsIt() {
        Receipt receipt = harness.settle(harness.sale());

        Map<?, ?> refund = harness.refund(receipt.settlementId(), "r-1");

        String refundId = (String) refund.get("refundId");
        assertThat(refundId).startsWith("rfd_");
        assertThat(refund.get("settlementId")).isEqualTo(receipt.settlementId());
        assertThat(((Map<?, ?>) refund.get("amount")).get("amount")).isEqualTo(100);
        assertThat(harness.count("SELECT COUNT(*) FROM refund WHERE settlement_id = ?", receipt.settlementId())).isEqualTo(1);
        assertThat(harness.count("SELECT SUM(e.amount) FROM ledger_entry e JOIN ledger_journal j ON j.id = e.journal_id "
                + "WHERE j.kind = 'REFUND' AND e.account = 'refunds' AND e.side = 'DEBIT'")).isEqualTo(100);
        assertThat(harness.count("SELECT SUM(e.amount) FROM ledger_entry e JOIN ledger_journal j ON j.id = e.journal_id "
                + "WHERE j.kind = 'REFUND' AND e.account = 'issuer_receivable' AND e.side = 'CREDIT'")).isEqualTo(100);
        assertThat(harness.count("SELECT COUNT(*) FROM event WHERE type = 'refunded' AND subject = ?", refundId)).isEqualTo(1);

        Harness.await(PATIENCE, () -> harness.auth.timesRefunded(refundId) == 1);
        RefundRequest sent = harness.auth.refunds().get(refundId);
        assertThat(sent.allowanceId()).isEqualTo(harness.text("SELECT allowance_id FROM settlement WHERE id = ?", receipt.settlementId()));
        assertThat(sent.amount()).isEqualTo(receipt.amount());
        Harness.await(PATIENCE, () -> "confirmed".equals(Harness.field(harness.adminGet("/v1/admin/refunds/" + refundId), "status")));
        assertThat(harness.count("SELECT COUNT(*) FROM event WHERE type = 'refund_confirmed' AND subject = ?", refundId)).isEqualTo(1);
    }

    @Test
    void aRefundRequestedTwiceRefundsOnceAndAnswersTheSameRefund() {
        Receipt receipt = harness.settle(harness.sale());

        Map<?, ?> first = harness.refund(receipt.settlementId(), "r-first");
        Map<?, ?> again = harness.refund(receipt.settlementId(), "r-second");
        Map<?, ?> sameKey = harness.refund(receipt.settlementId(), "r-first");

        assertThat(again.get("refundId")).isEqualTo(first.get("refundId"));
        assertThat(sameKey.get("refundId")).isEqualTo(first.get("refundId"));
        assertThat(harness.count("SELECT COUNT(*) FROM refund")).isEqualTo(1);
        assertThat(harness.count("SELECT COUNT(*) FROM ledger_journal WHERE kind = 'REFUND'")).isEqualTo(1);
        assertThat(harness.count("SELECT COUNT(*) FROM outbox WHERE kind = 'REFUND'")).isEqualTo(1);
        Harness.await(PATIENCE, () -> harness.auth.refunds().size() == 1);
    }

    @Test
    void twentyConcurrentRefundsOfOneSettlementRefundItOnce() throws Exception {
        Receipt receipt = harness.settle(harness.sale());
        List<HttpResponse<String>> answers = atOnce(20,
                i -> harness.adminPost("/v1/admin/refunds", "concurrent-refund-" + i, "{\"settlementId\": \"" + receipt.settlementId() + "\"}"));

        var refundIds = new java.util.HashSet<String>();
        for (HttpResponse<String> r : answers) {
            if (r.statusCode() == 200) refundIds.add(Harness.field(r, "refundId"));
            else assertThat(Harness.code(r)).as(r.body()).isEqualTo("request_in_progress");
        }
        assertThat(refundIds).hasSize(1);
        assertThat(harness.count("SELECT COUNT(*) FROM refund")).isEqualTo(1);
        assertThat(harness.count("SELECT COUNT(*) FROM ledger_journal WHERE kind = 'REFUND'")).isEqualTo(1);
    }

    @Test
    void theRefundReachesTheIssuerOnlyAfterTheIssuerAcknowledgedThePaymentItRefunds() {
        harness.auth.noticesDown = true;
        Receipt receipt = harness.settle(harness.sale());
        String refundId = (String) harness.refund(receipt.settlementId(), "r-early").get("refundId");
        Harness.await(PATIENCE, () -> harness.auth.noticeAttempts.get() >= 2);

        assertThat(harness.auth.refundAttempts).as("nothing is sent while the payment is unacknowledged").hasValue(0);
        harness.auth.noticesDown = false;

        Harness.await(PATIENCE, () -> harness.auth.timesRefunded(refundId) == 1);
        assertThat(harness.auth.refundAttempts).hasValue(1);
    }

    @Test
    void aRefundOfAnUnknownSettlementIsNotFound() {
        HttpResponse<String> response = harness.adminPost("/v1/admin/refunds", "r-unknown", "{\"settlementId\": \"stl_nothing\"}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(Harness.code(response)).isEqualTo("settlement_not_found");
    }

    @Test
    void aRefundNeedsTheOperatorsTokenAndAnIdempotencyKey() {
        Receipt receipt = harness.settle(harness.sale());
        var withoutToken = java.net.http.HttpRequest.newBuilder(harness.server.url().resolve("/v1/admin/refunds"))
                .header("Content-Type", "application/json").header("Idempotency-Key", "r-anon").header("Authorization", "Bearer guessed")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"settlementId\": \"" + receipt.settlementId() + "\"}")).build();

        HttpResponse<String> anonymous = Harness.sendText(withoutToken);
        HttpResponse<String> keyless = harness.adminPost("/v1/admin/refunds", null, "{\"settlementId\": \"" + receipt.settlementId() + "\"}");

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(keyless.statusCode()).isEqualTo(400);
        assertThat(harness.count("SELECT COUNT(*) FROM refund")).isZero();
    }

    @Test
    void aRefundedPurchaseIsNotDeliveredAnyMore() {
        Receipt receipt = harness.settle(harness.sale());
        harness.refund(receipt.settlementId(), "r-then-download");

        HttpResponse<byte[]> download = harness.get(receipt.downloadUrl());

        assertThat(download.statusCode()).isEqualTo(403);
        assertThat(new String(download.body())).contains("refunded");
    }

    @Test
    void twoPartialRefundsSummingToThePriceAreEachTheirOwnFactAndAThirdIsRefused() {
        Receipt receipt = harness.settle(harness.sale());

        HttpResponse<String> first = partial(receipt.settlementId(), "p-1", 30);
        HttpResponse<byte[]> afterPart = harness.get(receipt.downloadUrl());
        HttpResponse<String> second = partial(receipt.settlementId(), "p-2", 70);
        HttpResponse<String> third = partial(receipt.settlementId(), "p-3", 1);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.body()).contains("\"settlementRefunded\":{\"amount\":30", "\"settlementRemaining\":{\"amount\":70");
        assertThat(second.body()).contains("\"settlementRefunded\":{\"amount\":100", "\"settlementRemaining\":{\"amount\":0");
        assertThat(third.statusCode()).isEqualTo(409);
        assertThat(Harness.code(third)).isEqualTo("refund_exceeds_remaining");
        assertThat(harness.count("SELECT refunded FROM settlement WHERE id = ?", receipt.settlementId())).isEqualTo(100);
        assertThat(harness.count("SELECT COUNT(*) FROM refund WHERE settlement_id = ?", receipt.settlementId())).isEqualTo(2);
        assertThat(harness.count("SELECT COUNT(*) FROM ledger_journal WHERE kind = 'REFUND' AND settlement_id = ?", receipt.settlementId())).isEqualTo(2);
        assertThat(harness.count("SELECT COUNT(*) FROM outbox WHERE kind = 'REFUND'")).isEqualTo(2);
        String one = Harness.field(first, "refundId"), two = Harness.field(second, "refundId");
        Harness.await(PATIENCE, () -> harness.auth.timesRefunded(one) == 1 && harness.auth.timesRefunded(two) == 1);
        assertThat(harness.auth.refunds().get(one).amount().amount()).isEqualTo(30);
        assertThat(harness.auth.refunds().get(two).amount().amount()).isEqualTo(70);
        assertThat(afterPart.statusCode()).as("a purchase refunded in part is still delivered").isEqualTo(200);
        assertThat(harness.get(receipt.downloadUrl()).statusCode()).isEqualTo(403);
    }

    @Test
    void ofTwentyPartialRefundsRacingOverTheRemainderExactlyOneIsMade() throws Exception {
        Receipt receipt = harness.settle(harness.sale());
        List<HttpResponse<String>> answers = atOnce(20, i -> partial(receipt.settlementId(), "racing-part-" + i, 60));

        int made = 0;
        for (HttpResponse<String> r : answers) {
            if (r.statusCode() == 200) made++;
            else assertThat(Harness.code(r)).as(r.body()).isEqualTo("refund_exceeds_remaining");
        }
        assertThat(made).isEqualTo(1);
        assertThat(harness.count("SELECT refunded FROM settlement WHERE id = ?", receipt.settlementId())).isEqualTo(60);
        assertThat(harness.count("SELECT COUNT(*) FROM refund")).isEqualTo(1);
        assertThat(harness.count("SELECT COUNT(*) FROM ledger_journal WHERE kind = 'REFUND'")).isEqualTo(1);
    }

    @Test
    void aPartialRefundRetriedWithItsKeyAnswersTheSameAndAnotherAmountUnderThatKeyIsRefused() {
        Receipt receipt = harness.settle(harness.sale());

        HttpResponse<String> first = partial(receipt.settlementId(), "p-retry", 40);
        HttpResponse<String> retry = partial(receipt.settlementId(), "p-retry", 40);
        HttpResponse<String> other = partial(receipt.settlementId(), "p-retry", 50);

        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(Harness.code(other)).isEqualTo("idempotency_key_reused");
        assertThat(harness.count("SELECT refunded FROM settlement WHERE id = ?", receipt.settlementId())).isEqualTo(40);
        assertThat(harness.count("SELECT COUNT(*) FROM refund")).isEqualTo(1);
    }

    @Test
    void aRefundOfTheRestAfterAPartOneRefundsWhatRemainsAndARefundInAnotherCurrencyIsInvalid() {
        Receipt receipt = harness.settle(harness.sale());
        partial(receipt.settlementId(), "p-part", 25);

        HttpResponse<String> euros = harness.adminPost("/v1/admin/refunds", "p-eur",
                "{\"settlementId\": \"" + receipt.settlementId() + "\", \"amount\": {\"amount\": 5, \"currency\": \"EUR\"}}");
        Map<?, ?> rest = harness.refund(receipt.settlementId(), "p-rest");

        assertThat(euros.statusCode()).isEqualTo(400);
        assertThat(Harness.code(euros)).isEqualTo("validation_failed");
        assertThat(((Map<?, ?>) rest.get("amount")).get("amount")).isEqualTo(75);
        assertThat(((Map<?, ?>) rest.get("settlementRemaining")).get("amount")).isEqualTo(0);
    }

    /** Sends {@code n} requests released together, and their answers. */
    private static List<HttpResponse<String>> atOnce(int n, java.util.function.IntFunction<HttpResponse<String>> request) throws Exception {
        var gate = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(n)) {
            for (int i = 0; i < n; i++) {
                int index = i;
                answers.add(pool.submit(() -> {
                    gate.await();
                    return request.apply(index);
                }));
            }
            gate.countDown();
        }
        List<HttpResponse<String>> done = new ArrayList<>();
        for (var answer : answers) done.add(answer.get());
        return done;
    }

    private HttpResponse<String> partial(String settlementId, String key, long amount) {
        return harness.adminPost("/v1/admin/refunds", key, "{\"settlementId\": \"" + settlementId + "\", \"amount\": {\"amount\": "
                + amount + ", \"currency\": \"JPY\"}, \"reason\": \"part\"}");
    }
}
