package dev.contentpay.client;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.http.ServiceClient;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.ApprovalRequest;
import dev.contentpay.protocol.ApprovalResponse;
import dev.contentpay.protocol.BuyerProofResponse;
import dev.contentpay.protocol.Catalog;
import dev.contentpay.protocol.EnrollRequest;
import dev.contentpay.protocol.EnrollResponse;
import dev.contentpay.protocol.History;
import dev.contentpay.protocol.PinThresholdRequest;
import dev.contentpay.protocol.PinThresholdResponse;
import dev.contentpay.protocol.PurchaseRequest;
import dev.contentpay.protocol.Receipt;
import dev.contentpay.protocol.RestoreRequest;
import dev.contentpay.protocol.RestoredPurchases;
import dev.contentpay.protocol.SelectRequest;
import dev.contentpay.protocol.SelectResponse;
import dev.contentpay.protocol.TerminalApprovalRequest;
import dev.contentpay.protocol.TerminalInfo;
import dev.contentpay.protocol.TerminalList;
import dev.contentpay.protocol.TerminalProof;

import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The communication terminal 1 as a library: browse a shop, select an item, obtain an approval
 * from the issuer, present it to the merchant's settlement server, and download the content. The
 * issuer is asked either with the subscriber's id and password (the patent's literal form) or
 * with an enrolled terminal's credential, which signs each request with the terminal's own secret
 * (docs/TERMINALS.md). Above the subscriber's PIN amount the issuer asks for the PIN; a
 * {@link PinPrompt} supplies it. Credentials go to the issuer and nowhere else.
 *
 * <pre>{@code
 * var client = new ContentpayClient(URI.create("http://127.0.0.1:8081"));
 * TerminalCredential phone = client.enroll("alice", password, "Alice's phone");
 * phone.save(TerminalCredential.defaultPath("alice"));
 * Settled p = client.settle(URI.create("http://127.0.0.1:8083"), phone, "video", purpose -> askThePerson(purpose));
 * client.download(p.receipt(), null, Path.of("video.mp4"), true, Progress.NONE);
 * }</pre>
 */
public final class ContentpayClient {

    /** A completed purchase: the receipt and the delivered bytes, already checked against the receipt's hash. */
    public record Purchase(SelectResponse selection, ApprovalResponse approval, Receipt receipt, byte[] content) {
    }

    /** A settled purchase whose content is still to be downloaded with its receipt. */
    public record Settled(SelectResponse selection, ApprovalResponse approval, Receipt receipt) {
    }

    /** A content saved to a file: where, how many bytes, and how many of them were already there from an earlier, cut-off download. */
    public record Saved(Path file, long size, long resumedFrom) {
    }

    /** Told, as a download goes, how many of the content's bytes have arrived out of how many. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> { };

        void advanced(long done, long total);
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final String TERMINAL_APPROVALS = "/v1/terminal/approvals";

    private final URI issuer;
    private final Clock clock;
    private final IssuerHttp http;

    /** A terminal whose issuer (carrier or card issuer) answers at {@code issuer}. */
    public ContentpayClient(URI issuer) {
        this(issuer, Clock.systemUTC());
    }

    /** With the clock that stamps terminal proofs (tests use a fixed or shifted one). */
    public ContentpayClient(URI issuer, Clock clock) {
        this.issuer = issuer;
        this.clock = clock;
        this.http = new IssuerHttp(issuer, clock);
    }

    public URI issuer() {
        return issuer;
    }

    public Catalog catalog(URI shop) {
        return client(shop, ErrorCode.SHOP_UNAVAILABLE).get("/v1/catalog", Catalog.class);
    }

    /** Step 2: the item chosen; the shop answers with sealed purchasing information. */
    public SelectResponse select(URI shop, String itemId) {
        return client(shop, ErrorCode.SHOP_UNAVAILABLE).post("/v1/orders", new SelectRequest(itemId), newKey(), SelectResponse.class);
    }

    /** Step 3 with id and password, without a PIN: refused with {@code pin_required} above the subscriber's PIN amount. */
    public ApprovalResponse approve(String subscriberId, char[] password, SelectResponse selection) {
        return approve(subscriberId, password, selection, PinPrompt.NONE);
    }

    /** Step 3 with id and password; the PIN is asked of {@code pin} when the issuer wants it. */
    public ApprovalResponse approve(String subscriberId, char[] password, SelectResponse selection, PinPrompt pin) {
        // The issuer is told a trace of its own, never the one the shop and settlement see.
        return dev.contentpay.platform.observe.Trace.within(dev.contentpay.platform.observe.Trace.newTraceId(), () ->
                withPin(pin, () -> purposeOf(selection), p -> client(issuer, ErrorCode.AUTH_UNAVAILABLE).post("/v1/approvals",
                        new ApprovalRequest(subscriberId, new String(password), selection.sealed(), p), newKey(), ApprovalResponse.class)));
    }

    /** Step 3 with an enrolled terminal: the request is signed with its secret; the PIN is asked of {@code pin} when wanted. */
    public ApprovalResponse approve(TerminalCredential terminal, SelectResponse selection, PinPrompt pin) {
        return withPin(pin, () -> purposeOf(selection), p -> signed(terminal, "POST", TERMINAL_APPROVALS,
                Json.write(new TerminalApprovalRequest(selection.sealed(), p)), newKey(), ApprovalResponse.class));
    }

    /**
     * What became of one of this subscriber's approvals, asked with the enrolled terminal's
     * credential (a proof over the request with an empty body): its status ({@code issued},
     * {@code allowed}, {@code charged}, {@code refunded_partly}, {@code refunded}, {@code voided},
     * {@code expired} or {@code refused}), its amount and how much was refunded. The issuer answers
     * only the subscriber the approval was issued to; anyone else's is {@code not_found}.
     *
     * @param terminal   the enrolled terminal's credential
     * @param approvalId the approval's id, as {@link ApprovalResponse#approvalId()} and receipts give it
     * @return the approval's state as the issuer holds it now
     * @throws ContentpayException {@code not_found} for an approval of someone else or none,
     *                             {@code terminal_proof_invalid} or {@code terminal_revoked} for the credential
     */
    public dev.contentpay.protocol.ApprovalState approvalState(TerminalCredential terminal, String approvalId) {
        if (approvalId == null || !dev.contentpay.platform.id.Ids.isWellFormed(approvalId)) {
            throw ContentpayException.invalid("approvalId", "must be an approval id");
        }
        String path = TERMINAL_APPROVALS + "/" + approvalId;
        TerminalProof.Headers proof = terminal.sign("GET", http.rawPath(path), new byte[0], clock.instant());
        return http.send("GET", path, proofHeaders(proof), null, dev.contentpay.protocol.ApprovalState.class);
    }

    /** Step 6: presents the approval where the purchasing information says to settle. */
    public Receipt present(SelectResponse selection, ApprovalResponse approval) {
        URI settlement = selection.purchase().settleAt();
        return client(settlement, ErrorCode.SETTLEMENT_UNAVAILABLE)
                .post("/v1/purchases", new PurchaseRequest(approval.approval(), selection.sealed()), newKey(), Receipt.class);
    }

    /** Step 9: downloads the content and checks it against the hash in the receipt. */
    public byte[] download(Receipt receipt) {
        return download(receipt, (String) null);
    }

    /**
     * Downloads again later: after the first minutes the settlement server also wants proof that
     * the caller is the buyer, an approval of the issuer's for this merchant whose subject is the
     * buyer's pseudonym (docs/SETTLEMENT.md), such as the one the purchase was made with.
     */
    public byte[] download(Receipt receipt, ApprovalResponse buyersApproval) {
        return download(receipt, buyersApproval == null ? null : buyersApproval.approval());
    }

    /**
     * Downloads with a proof that the caller is the buyer: an approval token of the buyer's for this
     * merchant, or a buyer proof from {@link #buyerProof}; null sends none. The whole content in
     * memory, for small contents and programs that want the bytes; {@link #download(Receipt, String, Path, boolean, Progress)}
     * saves one of any size.
     */
    public byte[] download(Receipt receipt, String buyerProof) {
        return downloads(receipt, buyerProof).bytes();
    }

    /**
     * Streams the content to {@code out} as it arrives, hashing it on the way, and returns how many
     * bytes were written. Its SHA-256 is checked at the end: on {@code content_mismatch} what was
     * written must be thrown away.
     */
    public long download(Receipt receipt, String buyerProof, OutputStream out, Progress progress) {
        return downloads(receipt, buyerProof).to(out, progress);
    }

    /**
     * Saves the content as {@code file}, streamed to {@code <file>.part} and moved into place only
     * once its SHA-256 is the receipt's. With {@code resume}, a {@code .part} left by a download that
     * was cut off is continued from where it stopped ({@code Range} with {@code If-Range}); a file
     * whose hash is wrong in the end is deleted and refused with {@code content_mismatch}. A
     * download cut off again keeps its part and says so.
     */
    public Saved download(Receipt receipt, String buyerProof, Path file, boolean resume, Progress progress) {
        return downloads(receipt, buyerProof).to(file, resume, progress);
    }

    /** Where {@link #download(Receipt, String, Path, boolean, Progress)} writes {@code file} until it is whole and checked. */
    public static Path partOf(Path file) {
        return Downloads.partOf(file);
    }

    private Downloads downloads(Receipt receipt, String buyerProof) {
        return new Downloads(client(URI.create(receipt.downloadUrl()), ErrorCode.SETTLEMENT_UNAVAILABLE), receipt, buyerProof);
    }

    /**
     * The issuer's proof, for a few minutes, that the subscriber is the pseudonym {@code merchantId}
     * knows them by: what {@link #restore} shows the merchant. Asked with id and password; the
     * merchant never sees either.
     */
    public BuyerProofResponse buyerProof(String subscriberId, char[] password, String merchantId) {
        String path = "/v1/subscriber/buyer-proof?merchant=" + URLEncoder.encode(merchantId, StandardCharsets.UTF_8);
        return http.send("GET", path, IssuerHttp.basic(subscriberId, password), null, BuyerProofResponse.class);
    }

    /**
     * Restore purchases: what the buyer owns at the merchant whose settlement server is at
     * {@code settlement}, newest first, each receipt with a fresh download link (usable alone for the
     * first minutes, like a purchase's) and the issuer's signed transaction record. {@code proof} is
     * a buyer proof ({@link #buyerProof}) or an approval the buyer was given for this merchant. The
     * merchant learns the pseudonym it already knew, nothing more. Refunded purchases are left out.
     */
    public RestoredPurchases restore(URI settlement, String proof) {
        return client(settlement, ErrorCode.SETTLEMENT_UNAVAILABLE)
                .post("/v1/purchases/restore", new RestoreRequest(proof), newKey(), RestoredPurchases.class);
    }

    /**
     * Restore purchases with id and password: the merchant is the one whose catalog {@code shop}
     * serves, the proof is asked of the issuer, and the purchases of {@code settlement}.
     */
    public RestoredPurchases restore(URI shop, URI settlement, String subscriberId, char[] password) {
        String merchantId = catalog(shop).merchantId();
        return restore(settlement, buyerProof(subscriberId, password, merchantId).proof());
    }

    /** The whole purchase, steps 1 to 9, with id and password and no PIN. */
    public Purchase buy(URI shop, String subscriberId, char[] password, String itemId) {
        return buy(shop, subscriberId, password, itemId, PinPrompt.NONE);
    }

    /** The whole purchase with id and password; the PIN is asked of {@code pin} when the issuer wants it. */
    public Purchase buy(URI shop, String subscriberId, char[] password, String itemId, PinPrompt pin) {
        return traced(() -> {
            SelectResponse selection = select(shop, itemId);
            return complete(selection, approve(subscriberId, password, selection, pin));
        });
    }

    /** The whole purchase with an enrolled terminal; the PIN is asked of {@code pin} when the issuer wants it. */
    public Purchase buy(URI shop, TerminalCredential terminal, String itemId, PinPrompt pin) {
        return traced(() -> {
            SelectResponse selection = select(shop, itemId);
            return complete(selection, approve(terminal, selection, pin));
        });
    }

    /**
     * Steps 1 to 8 with id and password: the purchase settled and its receipt given, its content
     * not yet downloaded (for a large content saved with {@link #download(Receipt, String, Path, boolean, Progress)}).
     */
    public Settled settle(URI shop, String subscriberId, char[] password, String itemId, PinPrompt pin) {
        return traced(() -> {
            SelectResponse selection = select(shop, itemId);
            return settled(selection, approve(subscriberId, password, selection, pin));
        });
    }

    /** Steps 1 to 8 with an enrolled terminal, the content not yet downloaded. */
    public Settled settle(URI shop, TerminalCredential terminal, String itemId, PinPrompt pin) {
        return traced(() -> {
            SelectResponse selection = select(shop, itemId);
            return settled(selection, approve(terminal, selection, pin));
        });
    }

    /**
     * One trace id for the whole purchase on the merchant's side, started here at the terminal and
     * carried by every call to the shop and the settlement server (W3C traceparent), so their log
     * lines about this purchase share it. The issuer is never told it: its calls carry a trace of
     * their own, so the merchant's logs and the issuer's (and, through the issuer, the bureau's)
     * cannot be joined on it. A caller already inside a trace keeps its own.
     */
    private static <T> T traced(java.util.function.Supplier<T> purchase) {
        String current = dev.contentpay.platform.observe.Trace.current();
        return dev.contentpay.platform.observe.Trace.within(current != null ? current : dev.contentpay.platform.observe.Trace.newTraceId(), purchase);
    }

    private Settled settled(SelectResponse selection, ApprovalResponse approval) {
        return new Settled(selection, approval, present(selection, approval));
    }

    /**
     * Steps 7 to 9: presents the approval and takes the content. In one exchange where the
     * settlement server can: the approval is presented with {@code multipart/mixed} accepted, and a
     * content of up to 1 MiB comes with the receipt, checked against the receipt's size and SHA-256
     * as a download is. A receipt that comes alone (a larger content, the repeat of an earlier
     * request, a server that sends none) is followed by the download, as before.
     */
    public Purchase complete(SelectResponse selection, ApprovalResponse approval) {
        Presentation presented = presentAccepting(selection, approval);
        byte[] content = presented.content() != null ? presented.content().body() : download(presented.receipt());
        return new Purchase(selection, approval, presented.receipt(), content);
    }

    /**
     * {@link #complete(SelectResponse, ApprovalResponse)} with the content written to {@code out},
     * checked before a byte of it is written when it came with the receipt, and as it is downloaded
     * otherwise (a mismatch then is {@code content_mismatch} after the bytes were written).
     */
    public Receipt complete(SelectResponse selection, ApprovalResponse approval, OutputStream out) {
        Presentation presented = presentAccepting(selection, approval);
        if (presented.content() == null) {
            download(presented.receipt(), null, out, Progress.NONE);
            return presented.receipt();
        }
        try {
            presented.content().writeTo(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("the content could not be written", e);
        }
        return presented.receipt();
    }

    /** The presentation's answer, its content (when one came) checked against the receipt. */
    private Presentation presentAccepting(SelectResponse selection, ApprovalResponse approval) {
        URI settlement = selection.purchase().settleAt();
        var headers = new LinkedHashMap<String, String>();
        headers.put(ServiceClient.IDEMPOTENCY_KEY, newKey());
        headers.put("Accept", Presentation.ACCEPT);
        Presentation presented = Presentation.read(client(settlement, ErrorCode.SETTLEMENT_UNAVAILABLE).sendForRaw("POST", "/v1/purchases",
                headers, Json.write(new PurchaseRequest(approval.approval(), selection.sealed()))));
        if (presented.content() != null && !presented.contentMatches()) {
            throw new ContentpayException(ErrorCode.CONTENT_MISMATCH, "The content sent with the receipt does not match the receipt's "
                    + "size and SHA-256; it was not kept. Download it with the receipt's link.");
        }
        return presented;
    }

    /**
     * Enrolls this terminal with the subscriber's id and password. The answer holds the terminal's
     * secret, shown this once: save the credential ({@link TerminalCredential#save}).
     */
    public TerminalCredential enroll(String subscriberId, char[] password, String name) {
        byte[] body = Json.write(new EnrollRequest(subscriberId, new String(password), name));
        try {
            var headers = new LinkedHashMap<String, String>();
            headers.put(ServiceClient.IDEMPOTENCY_KEY, newKey());
            return TerminalCredential.of(issuer, http.send("POST", "/v1/terminals", headers, body, EnrollResponse.class));
        } finally {
            Arrays.fill(body, (byte) 0);
        }
    }

    /** The subscriber's terminals, newest first. */
    public TerminalList listTerminals(String subscriberId, char[] password) {
        return http.send("GET", "/v1/terminals", IssuerHttp.basic(subscriberId, password), null, TerminalList.class);
    }

    /** Revokes one of the subscriber's terminals: its next proof is refused with {@code terminal_revoked}. */
    public TerminalInfo revokeTerminal(String subscriberId, char[] password, String terminalId) {
        String path = "/v1/terminals/" + URLEncoder.encode(terminalId, StandardCharsets.UTF_8);
        return http.send("DELETE", path, IssuerHttp.basic(subscriberId, password), null, TerminalInfo.class);
    }

    /**
     * Sets the amount above which the PIN is asked again ({@code null}: never). Lowering it needs
     * the password only; raising or removing it needs the PIN as well, asked of {@code pin}.
     */
    public PinThresholdResponse setPinThreshold(String subscriberId, char[] password, Money amount, PinPrompt pin) {
        String purpose = amount == null ? "never asking your PIN again" : "raising your PIN amount to " + amount.plain();
        return withPin(pin, () -> purpose, p -> http.send("PUT", "/v1/subscriber/pin-threshold", IssuerHttp.basic(subscriberId, password),
                Json.write(new PinThresholdRequest(amount, p)), PinThresholdResponse.class));
    }

    /** The subscriber's charges and remaining budget, from the issuer. */
    public History history(String subscriberId, char[] password) {
        return http.send("GET", "/v1/subscriber/history", IssuerHttp.basic(subscriberId, password), null, History.class);
    }

    /** The subscriber's statement for the days {@code from} to {@code to} (null: this month so far). */
    public dev.contentpay.protocol.Statement statement(String subscriberId, char[] password, java.time.LocalDate from, java.time.LocalDate to) {
        var query = new StringBuilder("/v1/subscriber/statement?");
        if (from != null) query.append("from=").append(from).append('&');
        if (to != null) query.append("to=").append(to);
        return http.send("GET", query.toString(), IssuerHttp.basic(subscriberId, password), null, dev.contentpay.protocol.Statement.class);
    }

    /**
     * Sends {@code body} signed by the terminal. Each call signs afresh (a new nonce), so a retry
     * with the same idempotency key and body is a new proof of the same request, which the issuer
     * answers with its first answer.
     */
    <T> T signed(TerminalCredential terminal, String method, String path, byte[] body, String idempotencyKey, Class<T> type) {
        TerminalProof.Headers proof = terminal.sign(method, http.rawPath(path), body, clock.instant());
        var headers = new LinkedHashMap<String, String>(proofHeaders(proof));
        if (idempotencyKey != null) headers.put(ServiceClient.IDEMPOTENCY_KEY, idempotencyKey);
        return http.send(method, path, headers, body, type);
    }

    /**
     * Makes the call without a PIN; when the issuer answers {@code pin_required}, asks the prompt
     * once and makes it again with the PIN. A new request (new idempotency key, new proof), since
     * its body differs. A wrong PIN is not asked again: each one counts toward the lockout.
     * The sentence shown with the question is made only when the PIN is asked: formatting the
     * price was about 1 % of a purchase's CPU in the load generator's profile (docs/BENCHMARKS.md).
     */
    private static <T> T withPin(PinPrompt prompt, java.util.function.Supplier<String> purpose, Function<String, T> call) {
        try {
            return call.apply(null);
        } catch (ContentpayException e) {
            if (e.code() != ErrorCode.PIN_REQUIRED) throw e;
            char[] pin = prompt.pin(purpose.get());
            if (pin == null || pin.length == 0) throw e;
            try {
                return call.apply(new String(pin));
            } finally {
                Arrays.fill(pin, '\0');
            }
        }
    }

    private static String purposeOf(SelectResponse selection) {
        var p = selection.purchase();
        return p == null ? "this purchase" : "the purchase of \"" + p.title() + "\" for " + p.price().plain();
    }

    private ServiceClient client(URI base, ErrorCode unavailable) {
        return new ServiceClient(base, TIMEOUT, unavailable, null, clock);
    }

    private static String newKey() {
        return UUID.randomUUID().toString();
    }

    /** The four proof headers by name. */
    public static Map<String, String> proofHeaders(TerminalProof.Headers proof) {
        var headers = new LinkedHashMap<String, String>();
        headers.put(TerminalProof.ID_HEADER, proof.terminalId());
        headers.put(TerminalProof.TIMESTAMP_HEADER, proof.timestamp());
        headers.put(TerminalProof.NONCE_HEADER, proof.nonce());
        headers.put(TerminalProof.SIGNATURE_HEADER, proof.signature());
        return headers;
    }
}
