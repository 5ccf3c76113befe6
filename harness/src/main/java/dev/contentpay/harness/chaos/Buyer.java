package dev.contentpay.harness.chaos;

import dev.contentpay.app.operator.OperatorClient;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.http.ServiceClient;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.ApprovalResponse;
import dev.contentpay.protocol.PurchaseRequest;
import dev.contentpay.protocol.Receipt;
import dev.contentpay.protocol.SelectResponse;
import dev.contentpay.protocol.admin.RegisterSubscriberRequest;
import dev.contentpay.client.ContentpayClient;
import dev.contentpay.client.PinPrompt;
import dev.contentpay.client.Presentation;
import dev.contentpay.client.TerminalCredential;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One subscriber buying through the terminal library with an enrolled terminal credential, as a
 * patient buyer would: when the merchant's server cannot be reached, the presentation is repeated
 * with the same idempotency key until an answer comes, so a purchase cut off by a crash either
 * completes or is refused once the servers are back.
 */
final class Buyer {

    /** Where a purchase ended: a receipt, a refusal (a final answer), or no answer before the buyer's patience ran out. */
    enum End { RECEIPT, REFUSED, GAVE_UP }

    /**
     * One purchase as the buyer saw it. {@code approvalId} is null when no approval was obtained;
     * {@code code} is the refusal or the last error; {@code downloaded} whether the content arrived
     * with the receipt's hash, null when it was not asked for.
     */
    record Attempt(String subscriberId, String item, String approvalId, End end, Receipt receipt, ErrorCode code, String stage,
                   Boolean downloaded) {
    }

    static final String PASSWORD_SUFFIX = "-chaos-password";

    private final String subscriberId;
    private final ContentpayClient client;
    private final TerminalCredential terminal;
    private final URI shop;

    private Buyer(String subscriberId, ContentpayClient client, TerminalCredential terminal, URI shop) {
        this.subscriberId = subscriberId;
        this.client = client;
        this.terminal = terminal;
        this.shop = shop;
    }

    /** Registers {@code id} at the issuer ({@code credit} or {@code prepaid}, limit or balance in JPY) and enrolls a terminal for it. */
    static Buyer register(Cluster cluster, OperatorClient admin, String id, String kind, long limit) {
        char[] password = (id + PASSWORD_SUFFIX).toCharArray();
        admin.send("POST", "/v1/admin/subscribers", new RegisterSubscriberRequest(id, "Chaos " + id, new String(password), null, kind,
                Money.of(limit, "JPY"), null, null));
        var client = new ContentpayClient(cluster.auth());
        return new Buyer(id, client, client.enroll(id, password, "chaos terminal"), cluster.shop());
    }

    String subscriberId() {
        return subscriberId;
    }

    /** Steps 2 and 3: the item selected and approved; null with the code in {@code refusal} when either is refused. */
    Approved approve(String item, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        SelectResponse selection = retrying(() -> client.select(shop, item), deadline);
        // A lost answer to an approval request is not repeated: the approval it may have created is
        // never presented, holds no budget and expires.
        return new Approved(item, selection, client.approve(terminal, selection, PinPrompt.NONE));
    }

    /** An approval the buyer holds for one selected item. */
    record Approved(String item, SelectResponse selection, ApprovalResponse approval) {
    }

    /** Steps 2 to 9 with the buyer's patience for each step. */
    Attempt buy(String item, Duration patience, boolean download) {
        Approved approved;
        try {
            approved = approve(item, patience);
        } catch (ContentpayException e) {
            return new Attempt(subscriberId, item, null, End.REFUSED, null, e.code(), "approval", null);
        }
        return present(approved, UUID.randomUUID().toString(), patience, download);
    }

    /**
     * Step 6 with one idempotency key, repeated while the answer says a retry may help; then step 9
     * if asked. Half the keys (by their hash, so a key's retries ask alike) accept the content in
     * the presentation's answer, so that crashes also fall in the middle of such answers; a receipt
     * that came alone is followed by the download, as the terminal library does.
     */
    Attempt present(Approved approved, String key, Duration patience, boolean download) {
        long deadline = System.nanoTime() + patience.toNanos();
        String approvalId = approved.approval().approvalId();
        var settlement = new ServiceClient(approved.selection().purchase().settleAt(), Duration.ofSeconds(30), ErrorCode.SETTLEMENT_UNAVAILABLE,
                null, Clock.systemUTC());
        byte[] request = Json.write(new PurchaseRequest(approved.approval().approval(), approved.selection().sealed()));
        var headers = new LinkedHashMap<String, String>();
        headers.put(ServiceClient.IDEMPOTENCY_KEY, key);
        if (download && (key.hashCode() & 1) == 0) headers.put("Accept", Presentation.ACCEPT);
        Presentation presented;
        try {
            presented = retrying(() -> Presentation.read(settlement.sendForRaw("POST", "/v1/purchases", headers, request)), deadline);
        } catch (ContentpayException e) {
            End end = retryable(e.code()) ? End.GAVE_UP : End.REFUSED;
            return new Attempt(subscriberId, approved.item(), approvalId, end, null, e.code(), "presentation", null);
        }
        Receipt receipt = presented.receipt();
        Boolean downloaded = !download ? null : presented.content() != null ? presented.contentMatches() : download(receipt, patience);
        return new Attempt(subscriberId, approved.item(), approvalId, End.RECEIPT, receipt, null, "done", downloaded);
    }

    /** Step 9: whether the receipt's content arrived, with its hash, within the buyer's patience. */
    boolean download(Receipt receipt, Duration patience) {
        try {
            return retrying(() -> client.download(receipt), System.nanoTime() + patience.toNanos()).length == receipt.size();
        } catch (ContentpayException e) {
            return false;
        }
    }

    /**
     * Whether repeating the same request may get another answer. The issuer's silence
     * ({@code auth_unavailable}) is retryable in general, but for a presented approval it is
     * final: the merchant gave the approval up.
     */
    static boolean retryable(ErrorCode code) {
        return code.retryable() && code != ErrorCode.AUTH_UNAVAILABLE;
    }

    private static <T> T retrying(Supplier<T> call, long deadline) {
        while (true) {
            try {
                return call.get();
            } catch (ContentpayException e) {
                if (!retryable(e.code()) || System.nanoTime() > deadline) throw e;
                Pause.millis(200);
            }
        }
    }
}
