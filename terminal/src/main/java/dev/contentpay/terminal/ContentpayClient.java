package dev.contentpay.terminal;

import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.ServiceClient;
import dev.contentpay.protocol.ApprovalRequest;
import dev.contentpay.protocol.ApprovalResponse;
import dev.contentpay.protocol.Catalog;
import dev.contentpay.protocol.History;
import dev.contentpay.protocol.PurchaseRequest;
import dev.contentpay.protocol.Receipt;
import dev.contentpay.protocol.SelectRequest;
import dev.contentpay.protocol.SelectResponse;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

/**
 * The communication terminal 1 as a library: browse a shop, select an item, obtain an approval
 * from the issuer with the subscriber's credentials, present it to the merchant's settlement
 * server, and download the content. The credentials go to the issuer and nowhere else.
 *
 * <pre>{@code
 * var client = new ContentpayClient(URI.create("http://127.0.0.1:8081"));
 * Purchase p = client.buy(URI.create("http://127.0.0.1:8083"), "alice", password, "ebook");
 * Files.write(Path.of("ebook.epub"), p.content());
 * }</pre>
 */
public final class ContentpayClient {

    /** A completed purchase: the receipt and the delivered bytes, already checked against the receipt's hash. */
    public record Purchase(SelectResponse selection, ApprovalResponse approval, Receipt receipt, byte[] content) {
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI issuer;
    private final Clock clock;

    /** A terminal whose issuer (carrier or card issuer) answers at {@code issuer}. */
    public ContentpayClient(URI issuer) {
        this.issuer = issuer;
        this.clock = Clock.systemUTC();
    }

    public Catalog catalog(URI shop) {
        return client(shop, ErrorCode.SHOP_UNAVAILABLE).get("/v1/catalog", Catalog.class);
    }

    /** Step 2: the item chosen; the shop answers with sealed purchasing information. */
    public SelectResponse select(URI shop, String itemId) {
        return client(shop, ErrorCode.SHOP_UNAVAILABLE).post("/v1/orders", new SelectRequest(itemId), newKey(), SelectResponse.class);
    }

    /** Step 3: asks the issuer for a purchase approval. */
    public ApprovalResponse approve(String subscriberId, char[] password, SelectResponse selection) {
        var request = new ApprovalRequest(subscriberId, new String(password), selection.sealed());
        return client(issuer, ErrorCode.AUTH_UNAVAILABLE).post("/v1/approvals", request, newKey(), ApprovalResponse.class);
    }

    /** Step 6: presents the approval where the purchasing information says to settle. */
    public Receipt present(SelectResponse selection, ApprovalResponse approval) {
        URI settlement = selection.purchase().settleAt();
        return client(settlement, ErrorCode.SETTLEMENT_UNAVAILABLE)
                .post("/v1/purchases", new PurchaseRequest(approval.approval(), selection.sealed()), newKey(), Receipt.class);
    }

    /** Step 9: downloads the content and checks it against the hash in the receipt. */
    public byte[] download(Receipt receipt) {
        var response = client(URI.create(receipt.downloadUrl()), ErrorCode.SETTLEMENT_UNAVAILABLE).getRaw(receipt.downloadUrl());
        byte[] bytes = response.body();
        if (!ClientAssertions.sha256Hex(bytes).equals(receipt.contentSha256())) {
            throw new ContentpayException(ErrorCode.SETTLEMENT_UNAVAILABLE, "The downloaded content does not match the receipt's hash; try the download link again.");
        }
        return bytes;
    }

    /** The whole purchase, steps 1 to 9. */
    public Purchase buy(URI shop, String subscriberId, char[] password, String itemId) {
        SelectResponse selection = select(shop, itemId);
        ApprovalResponse approval = approve(subscriberId, password, selection);
        Receipt receipt = present(selection, approval);
        return new Purchase(selection, approval, receipt, download(receipt));
    }

    /** The subscriber's charges and remaining budget, from the issuer. */
    public History history(String subscriberId, char[] password) {
        String basic = Base64.getEncoder().encodeToString((subscriberId + ":" + new String(password)).getBytes(StandardCharsets.UTF_8));
        var request = HttpRequest.newBuilder(issuer.resolve("/v1/subscriber/history")).timeout(TIMEOUT)
                .header("Authorization", "Basic " + basic).header("Accept", "application/json").GET().build();
        try {
            HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() >= 400) {
                throw dev.contentpay.platform.http.Json.MAPPER.readValue(response.body(), dev.contentpay.platform.error.Problem.class).toException();
            }
            return dev.contentpay.platform.http.Json.MAPPER.readValue(response.body(), History.class);
        } catch (IOException e) {
            throw new ContentpayException(ErrorCode.AUTH_UNAVAILABLE, ErrorCode.AUTH_UNAVAILABLE.title(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContentpayException(ErrorCode.AUTH_UNAVAILABLE, ErrorCode.AUTH_UNAVAILABLE.title(), e);
        }
    }

    private ServiceClient client(URI base, ErrorCode unavailable) {
        return new ServiceClient(base, TIMEOUT, unavailable, null, clock);
    }

    private static String newKey() {
        return UUID.randomUUID().toString();
    }
}
