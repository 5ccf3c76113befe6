package dev.contentpay.settlement.operator;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.error.Problem;
import dev.contentpay.platform.http.Idempotency;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.money.Money;
import dev.contentpay.settlement.events.EventPage;
import dev.contentpay.settlement.ledger.LedgerCheck;
import dev.contentpay.settlement.reconcile.ReconciliationReport;
import dev.contentpay.settlement.refund.Refund;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The operator's side of the settlement server's admin API, for the {@code contentpay} operator
 * commands and for tests: every call carries the operator token as a Bearer token. A refusal
 * arrives as a {@code ContentpayException} with the server's code; no answer as
 * {@code settlement_unavailable}.
 */
public final class OperatorClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();

    private final URI settlement;
    private final String token;

    public OperatorClient(URI settlement, String token) {
        this.settlement = settlement;
        this.token = token;
    }

    public ReconciliationReport reconcile(LocalDate date) {
        return get("/v1/admin/reconciliation?date=" + date, new TypeReference<>() {
        });
    }

    public LedgerCheck ledger() {
        return get("/v1/admin/ledger", new TypeReference<>() {
        });
    }

    public List<OutboxEntry> outbox(String status) {
        Map<String, List<OutboxEntry>> page = get("/v1/admin/outbox?limit=" + DeadLetters.MAX_LIST + "&status="
                + URLEncoder.encode(status, StandardCharsets.UTF_8), new TypeReference<>() {
        });
        return page.get("messages");
    }

    public OutboxEntry resend(String outboxId) {
        return post("/v1/admin/outbox/" + URLEncoder.encode(outboxId, StandardCharsets.UTF_8) + "/resend", Map.of(),
                "resend-" + outboxId + "-" + UUID.randomUUID(), new TypeReference<>() {
                });
    }

    /** Refunds what remains of a settlement; the key is derived from it, so an interrupted command run again is the same request. */
    public Refund refund(String settlementId, String reason) {
        return refund(settlementId, null, reason, null);
    }

    /**
     * Refunds {@code amount} of a settlement (null: what remains) under {@code key}. Without a key, a
     * refund of what remains takes one derived from the settlement and reason, since asking for the
     * rest twice is one refund anyway; a partial refund takes a fresh one, since two refunds of the
     * same amount may well both be meant. Pass the same key again to retry a partial refund safely.
     */
    public Refund refund(String settlementId, Money amount, String reason, String key) {
        var body = new AdminRefundRequest(settlementId, amount, reason);
        String k = key != null ? key
                : amount == null ? "refund-" + settlementId + "-" + ClientAssertions.sha256Hex(String.valueOf(reason)).substring(0, 16)
                : "refund-" + settlementId + "-" + UUID.randomUUID();
        return post("/v1/admin/refunds", body, k, new TypeReference<>() {
        });
    }

    /** The issuer's reversals of our purchases, newest first, of one status (null: all). */
    public List<dev.contentpay.protocol.ReversalView> reversals(String status) {
        Map<String, List<dev.contentpay.protocol.ReversalView>> page = get("/v1/admin/reversals?limit=100"
                + (status == null ? "" : "&status=" + URLEncoder.encode(status, StandardCharsets.UTF_8)), new TypeReference<>() {
        });
        return page.get("reversals");
    }

    /** Accepts an open reversal (the money goes back); the key is derived from it, since accepting twice is one answer. */
    public dev.contentpay.protocol.ReversalView acceptReversal(String reversalId) {
        return post("/v1/admin/reversals/" + URLEncoder.encode(reversalId, StandardCharsets.UTF_8) + "/accept", Map.of(),
                "accept-" + reversalId, new TypeReference<>() {
                });
    }

    /** Contests an open reversal with a note for the issuer; the key is derived from the reversal and the note. */
    public dev.contentpay.protocol.ReversalView contestReversal(String reversalId, String note) {
        return post("/v1/admin/reversals/" + URLEncoder.encode(reversalId, StandardCharsets.UTF_8) + "/contest",
                new AdminEndpoints.ReversalContest(note), "contest-" + reversalId + "-" + ClientAssertions.sha256Hex(String.valueOf(note)).substring(0, 16),
                new TypeReference<>() {
                });
    }

    /** Replays one page of the issuer's event feed after {@code after} (from the first when null) into settlement, each event applied once. */
    public dev.contentpay.settlement.webhook.IssuerEventService.Replay replayIssuerEvents(String after, int limit) {
        String query = "?limit=" + limit + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
        return post("/v1/admin/issuer-events/replay" + query, Map.of(), "replay-" + UUID.randomUUID(), new TypeReference<>() {
        });
    }

    public EventPage events(long after, int limit) {
        return get("/v1/events?after=" + after + "&limit=" + limit, new TypeReference<>() {
        });
    }

    private <T> T get(String path, TypeReference<T> type) {
        return decode(send(request(path).GET().build()), type);
    }

    private <T> T post(String path, Object body, String idempotencyKey, TypeReference<T> type) {
        var request = request(path).header("Content-Type", "application/json").header(Idempotency.HEADER, idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(body))).build();
        return decode(send(request), type);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(settlement.resolve(path)).timeout(TIMEOUT)
                .header("Accept", "application/json").header("Authorization", "Bearer " + token);
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ContentpayException(ErrorCode.SETTLEMENT_UNAVAILABLE, "The settlement server at " + settlement + " could not be reached.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContentpayException(ErrorCode.SETTLEMENT_UNAVAILABLE, ErrorCode.SETTLEMENT_UNAVAILABLE.title(), e);
        }
    }

    private <T> T decode(HttpResponse<byte[]> response, TypeReference<T> type) {
        try {
            if (response.statusCode() >= 400) throw Json.readAnswer(response.body(), Problem.class).toException();
            return Json.MAPPER.readValue(response.body(), type);
        } catch (IOException e) {
            ErrorCode code = response.statusCode() >= 500 ? ErrorCode.SETTLEMENT_UNAVAILABLE : ErrorCode.INTERNAL_ERROR;
            throw new ContentpayException(code, "The settlement server's answer (HTTP " + response.statusCode() + ") could not be read.", e);
        }
    }
}
