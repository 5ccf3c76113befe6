package dev.contentpay.settlement;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import dev.contentpay.platform.crypto.TokenVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.contentpay.platform.http.Json;
import dev.contentpay.protocol.Receipt;
import dev.contentpay.settlement.events.EventCheckpoints;
import dev.contentpay.settlement.events.EventLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The back office's feed: every fact once, in commit order, from any cursor, vouched for by checkpoints signed with settlement's published key. */
class EventFeedTest {

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
    void theFeedListsSettledChargedRefundedAndConfirmedInTheOrderTheyHappened() throws Exception {
        Receipt receipt = harness.settle(harness.sale());
        Harness.await(Duration.ofSeconds(10), () -> harness.server.pendingNotices() == 0);
        String refundId = (String) harness.refund(receipt.settlementId(), "feed-refund").get("refundId");
        Harness.await(Duration.ofSeconds(10), () -> harness.auth.timesRefunded(refundId) == 1);
        Harness.await(Duration.ofSeconds(10), () -> harness.count("SELECT COUNT(*) FROM event WHERE type = 'refund_confirmed'") == 1);

        JsonNode events = page(0, 100).get("events");

        assertThat(events).extracting(e -> e.get("type").asText()).containsExactly("settled", "charged", "refunded", "refund_confirmed");
        assertThat(events).extracting(e -> e.get("seq").asLong()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(events.get(0).get("subject").asText()).isEqualTo(receipt.settlementId());
        assertThat(events.get(0).get("data").get("amount").get("amount").asLong()).isEqualTo(100);
        assertThat(events.get(2).get("data").get("refundId").asText()).isEqualTo(refundId);
    }

    @Test
    void aReaderPagesFromAnyCursorAndMissesNothing() throws Exception {
        for (int i = 0; i < 5; i++) harness.settle(harness.sale());
        Harness.await(Duration.ofSeconds(10), () -> harness.server.pendingNotices() == 0);

        List<Long> seen = new ArrayList<>();
        String cursor = "0";
        JsonNode page;
        do {
            page = page(Long.parseLong(cursor), 3);
            page.get("events").forEach(e -> seen.add(e.get("seq").asLong()));
            cursor = page.get("next").asText();
        } while (page.get("more").asBoolean());

        assertThat(seen).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(page(7, 100).get("events")).extracting(e -> e.get("seq").asLong()).containsExactly(8L, 9L, 10L);
        JsonNode end = page(10, 100);
        assertThat(end.get("events")).isEmpty();
        assertThat(end.get("next").asText()).isEqualTo("10");
    }

    @Test
    void concurrentPurchasesGetGaplessSequenceNumbersInCommitOrder() throws Exception {
        List<Future<Receipt>> receipts = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(10)) {
            for (int i = 0; i < 10; i++) receipts.add(pool.submit(() -> harness.settle(harness.sale())));
        }
        for (var r : receipts) r.get();
        Harness.await(Duration.ofSeconds(10), () -> harness.server.pendingNotices() == 0);

        JsonNode events = page(0, 1000).get("events");

        assertThat(events).hasSize(20);
        for (int i = 0; i < events.size(); i++) assertThat(events.get(i).get("seq").asLong()).isEqualTo(i + 1);
    }

    @Test
    void aCheckpointSignedWithTheKeySettlementPublishesVouchesForEveryEventUpToIt() throws Exception {
        harness.settle(harness.sale());
        harness.settle(harness.sale());
        Harness.await(Duration.ofSeconds(10), () -> harness.server.pendingNotices() == 0);
        JsonNode page = checkpointedPage(4);
        JWKSet keys = harness.publishedKeys();

        SignedJWT checkpoint = SignedJWT.parse(page.get("checkpoint").asText());
        assertThat(checkpoint.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.Ed25519);
        assertThat(checkpoint.getHeader().getType().getType()).isEqualTo(EventCheckpoints.TOKEN_TYPE);
        JWK key = keys.getKeyByKeyId(checkpoint.getHeader().getKeyID());
        assertThat(checkpoint.verify(TokenVerifier.jwsVerifierFor(key))).isTrue();
        assertThat(checkpoint.getJWTClaimsSet().getIssuer()).isEqualTo("sakura");
        assertThat(checkpoint.getJWTClaimsSet().getLongClaim("seq")).isEqualTo(4);

        String previous = null;
        for (JsonNode event : page.get("events")) {
            String payload = event.get("payload").asText();
            JsonNode claims = Json.MAPPER.readTree(java.util.Base64.getUrlDecoder().decode(payload));
            assertThat(event.has("jws")).as("no event is signed alone any more").isFalse();
            assertThat(claims.get("iss").asText()).isEqualTo("sakura");
            assertThat(claims.get("jti").asText()).isEqualTo(event.get("id").asText());
            assertThat(claims.get("seq").asLong()).isEqualTo(event.get("seq").asLong());
            assertThat(claims.get("type").asText()).isEqualTo(event.get("type").asText());
            assertThat(claims.get("sub").asText()).isEqualTo(event.get("subject").asText());
            assertThat(claims.get("data")).isEqualTo(event.get("data"));
            assertThat(claims.has("prev") ? claims.get("prev").asText() : null).isEqualTo(previous);
            assertThat(event.get("chain").asText()).isEqualTo(EventLog.chainHash(payload));
            previous = event.get("chain").asText();
        }
        assertThat(previous).as("the checkpoint signs the chain after the last event").isEqualTo(checkpoint.getJWTClaimsSet().getStringClaim("chain"));
    }

    @Test
    void anAlteredEventNoLongerHashesToTheChainTheCheckpointSigns() throws Exception {
        harness.settle(harness.sale());
        Harness.await(Duration.ofSeconds(10), () -> harness.server.pendingNotices() == 0);
        JsonNode page = checkpointedPage(2);
        JsonNode settled = page.get("events").get(0);
        String payload = settled.get("payload").asText();
        String altered = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(payload)).replace("\"amount\":100", "\"amount\":1").getBytes());
        JsonNode charged = Json.MAPPER.readTree(java.util.Base64.getUrlDecoder().decode(page.get("events").get(1).get("payload").asText()));

        assertThat(altered).isNotEqualTo(payload);
        assertThat(charged.get("prev").asText()).isEqualTo(EventLog.chainHash(payload)).isNotEqualTo(EventLog.chainHash(altered));
    }

    /** The page of the first {@code events} events once a checkpoint covers the last of them (one is signed within a fifth of a second). */
    private JsonNode checkpointedPage(int events) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            JsonNode page = page(0, events);
            JsonNode checkpoint = page.get("checkpoint");
            if (page.get("events").size() == events && checkpoint != null && !checkpoint.isNull()
                    && SignedJWT.parse(checkpoint.asText()).getJWTClaimsSet().getLongClaim("seq") == events) {
                return page;
            }
            if (System.nanoTime() > deadline) throw new AssertionError("no checkpoint at event " + events + ": " + page);
            Thread.sleep(50);
        }
    }

    @Test
    void theFeedNeedsTheOperatorAndAValidCursor() {
        HttpResponse<String> anonymous = Harness.sendText(java.net.http.HttpRequest.newBuilder(harness.server.url().resolve("/v1/events")).GET().build());
        HttpResponse<String> badCursor = harness.adminGet("/v1/events?after=yesterday");

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(badCursor.statusCode()).isEqualTo(400);
        assertThat(Harness.code(badCursor)).isEqualTo("validation_failed");
    }

    private JsonNode page(long after, int limit) throws Exception {
        HttpResponse<String> response = harness.adminGet("/v1/events?after=" + after + "&limit=" + limit);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }
}
