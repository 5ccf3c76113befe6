package dev.contentpay.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contentpay.client.ContentpayClient;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.http.OperatorToken;
import dev.contentpay.platform.money.Money;
import dev.contentpay.platform.time.MutableClock;
import dev.contentpay.protocol.Receipt;
import dev.contentpay.protocol.admin.OpenReversalRequest;
import dev.contentpay.protocol.admin.ReversalDecisionRequest;
import dev.contentpay.settlement.operator.OperatorClient;
import dev.contentpay.settlement.reconcile.ReconciliationReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static dev.contentpay.e2e.TestDeployment.assertRefused;
import static dev.contentpay.e2e.TestDeployment.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reversals the issuer starts, over the real servers: the issuer's operator opens one from the
 * command line, the merchant's settlement server learns of it by its signed webhook and its
 * operator accepts it, so the price goes back to the subscriber once at both ends and the download
 * is refused from then on; two more are contested with a note and the issuer decides them, one
 * upheld (part of the price back) and one rejected (the merchant keeps it). A reason off the list,
 * a second open reversal, a refund beside an open reversal, a decision on a reversal nobody
 * contested and an answer to a closed one are refused with their codes; every step is in the audit
 * log, and the two ledgers reconcile.
 */
class ReversalsEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static IssuerTestbed issuer;
    static OperatorClient merchantOperator;

    @BeforeAll
    static void start() throws Exception {
        issuer = IssuerTestbed.start(dir, new MutableClock(), Map.of("webhook.poll-interval", "200ms"), "rvs");
        merchantOperator = new OperatorClient(issuer.deployment().settlement().url(), OperatorToken.read(dir.resolve("keys/settlement-admin.token")));
    }

    @AfterAll
    static void stop() {
        if (issuer != null) issuer.close();
    }

    @Test
    void aReversalTheMerchantAcceptsGivesThePriceBackAtBothEndsOnceAndRevokesTheDownload() throws Exception {
        String buyer = issuer.register("prepaid", 5_000, null);
        ContentpayClient terminal = issuer.terminal();
        Receipt receipt = buy(buyer, "game");
        assertThat(terminal.download(receipt)).isNotEmpty();
        String allowance = allowanceOf(receipt);

        assertRefused(() -> issuer.operator().send("POST", "/v1/admin/reversals", new OpenReversalRequest(allowance, "changed_mind", null)),
                ErrorCode.REVERSAL_REASON_UNKNOWN);
        Cli.Run opened = admin("reversals", "open", allowance, "--reason", "not_received");
        assertThat(opened.exit()).as(opened.all()).isZero();
        JsonNode reversal = Json.MAPPER.readTree(opened.out());
        String id = reversal.get("id").asText();
        assertThat(reversal.get("status").asText()).isEqualTo("opened");
        assertThat(reversal.get("amount").get("amount").asLong()).isEqualTo(500);
        assertRefused(() -> issuer.operator().send("POST", "/v1/admin/reversals", new OpenReversalRequest(allowance, "duplicate", null)),
                ErrorCode.REVERSAL_OPEN);

        // The merchant learns of it by its webhook, and may not refund beside it; the issuer decides only a contested one.
        await(() -> status(id).equals("opened"));
        assertThat(rows(dir, "settlement", "SELECT matched FROM issuer_event WHERE type = 'reversal.opened' AND approval_id = '"
                + receipt.approvalId() + "'")).containsExactly(List.of("recorded"));
        assertRefused(() -> merchantOperator.refund(receipt.settlementId(), Money.of(100, "JPY"), "goodwill", null), ErrorCode.REVERSAL_OPEN);
        assertRefused(() -> issuer.operator().send("POST", "/v1/admin/reversals/" + id + "/decision",
                new ReversalDecisionRequest("upheld", null, null)), ErrorCode.REVERSAL_NOT_CONTESTED);
        assertThat(merchantOperator.reversals("opened")).extracting(r -> r.id()).contains(id);

        Cli.Run accepted = merchant("reversals", "accept", id);
        assertThat(accepted.exit()).as(accepted.all()).isZero();
        assertThat(accepted.out()).contains(id, "accepted", "gave back 500 JPY");
        Cli.Run contestedLate = merchant("reversals", "contest", id, "--note", "too late", "--json");
        assertThat(contestedLate.exit()).as(contestedLate.all()).isEqualTo(1);
        assertThat(Json.MAPPER.readTree(contestedLate.out()).get("code").asText()).isEqualTo("reversal_not_open");

        // Settlement: one refund under the reversal's id, in the ledger; the download refused.
        assertThat(rows(dir, "settlement", "SELECT id, amount FROM refund WHERE settlement_id = '" + receipt.settlementId() + "'"))
                .containsExactly(List.of(id, "500"));
        assertThat(rows(dir, "settlement", "SELECT COUNT(*), SUM(e.amount) FROM ledger_entry e JOIN ledger_journal j ON j.id = e.journal_id "
                + "WHERE j.kind = 'REFUND' AND j.settlement_id = '" + receipt.settlementId() + "' AND e.account = 'refunds'"))
                .containsExactly(List.of("1", "500"));
        assertRefused(() -> terminal.download(receipt), ErrorCode.PURCHASE_REVERSED);

        // The issuer: the charge refunded once under the same id, the prepaid balance whole again, each step audited.
        assertThat(approvalStatus(receipt)).isEqualTo("REFUNDED");
        assertThat(rows(dir, "auth", "SELECT refund_id, amount FROM use_entry WHERE approval_id = '" + receipt.approvalId() + "' AND kind = 'REFUND'"))
                .containsExactly(List.of(id, "500"));
        assertThat(issuer.remaining(buyer)).isEqualTo(5_000);
        assertThat(auditKinds(receipt)).contains("REVERSAL_OPENED", "REVERSAL_ACCEPTED", "REFUNDED");
        // The decision's event reaches the merchant and changes nothing more; the refund's message is answered as the refund applied.
        await(() -> !rows(dir, "settlement", "SELECT matched FROM issuer_event WHERE type = 'reversal.decided' AND approval_id = '"
                + receipt.approvalId() + "'").isEmpty());
        await(() -> rows(dir, "settlement", "SELECT status FROM outbox WHERE kind = 'REFUND' AND subject = '" + id + "'")
                .equals(List.of(List.of("SENT"))));
        assertThat(rows(dir, "settlement", "SELECT COUNT(*) FROM refund WHERE settlement_id = '" + receipt.settlementId() + "'"))
                .containsExactly(List.of("1"));
        assertThat(rows(dir, "auth", "SELECT COUNT(*) FROM use_entry WHERE approval_id = '" + receipt.approvalId() + "' AND kind = 'REFUND'"))
                .containsExactly(List.of("1"));
        assertThat(issuer.statement(buyer).get("refunded").get("amount").asLong()).isEqualTo(500);
        reconciles(receipt);
    }

    @Test
    void contestedReversalsAreDecidedByTheIssuerUpheldGivesBackRejectedKeeps() throws Exception {
        String buyer = issuer.register("prepaid", 5_000, null);
        Receipt upheld = buy(buyer, "ebook");
        Receipt rejected = buy(buyer, "ringtone");
        String upheldId = open(upheld, "not_as_described", 300);
        String rejectedId = open(rejected, "customer_care", null);
        await(() -> status(upheldId).equals("opened") && status(rejectedId).equals("opened"));

        // One contested from the command line, the other with the operator page's form.
        Cli.Run contested = merchant("reversals", "contest", upheldId, "--note", "delivered and downloaded twice");
        assertThat(contested.exit()).as(contested.all()).isZero();
        assertThat(contested.out()).contains("contested", "note: delivered and downloaded twice");
        assertThat(contestOnPage(rejectedId, "from elsewhere", false).statusCode()).as("a post from another site").isEqualTo(401);
        var posted = contestOnPage(rejectedId, "delivered and downloaded twice", true);
        assertThat(posted.statusCode()).isEqualTo(303);
        assertThat(posted.headers().firstValue("Location")).hasValue("/admin?done=contested");
        assertThat(status(rejectedId)).isEqualTo("contested");
        JsonNode contestedAtIssuer = issuer.operator().get("/v1/admin/reversals?status=contested");
        assertThat(contestedAtIssuer.findValuesAsText("id")).contains(upheldId, rejectedId);
        assertThat(contestedAtIssuer.findValuesAsText("note")).contains("delivered and downloaded twice");

        // Upheld with part of what it asked: 200 of the ebook's 800 back.
        Cli.Run decided = admin("reversals", "decide", upheldId, "upheld", "--amount", "200", "--note", "partly used");
        assertThat(decided.exit()).as(decided.all()).isZero();
        assertThat(Json.MAPPER.readTree(decided.out()).get("refunded").get("amount").asLong()).isEqualTo(200);
        Cli.Run again = admin("reversals", "decide", upheldId, "rejected");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains(upheldId + " is upheld; only a contested reversal is decided by the issuer");
        await(() -> status(upheldId).equals("upheld"));
        await(() -> !rows(dir, "settlement", "SELECT id FROM refund WHERE id = '" + upheldId + "'").isEmpty());
        assertThat(rows(dir, "settlement", "SELECT amount, reason FROM refund WHERE settlement_id = '" + upheld.settlementId() + "'"))
                .containsExactly(List.of("200", "reversal: not_as_described"));
        assertRefused(() -> issuer.terminal().download(upheld), ErrorCode.PURCHASE_REVERSED);
        assertThat(rows(dir, "auth", "SELECT status, refunded FROM approval WHERE id = '" + upheld.approvalId() + "'"))
                .containsExactly(List.of("CHARGED", "200"));

        // Rejected: nothing moves, the content is still delivered.
        Cli.Run kept = admin("reversals", "decide", rejectedId, "rejected", "--note", "the download was used");
        assertThat(kept.exit()).as(kept.all()).isZero();
        await(() -> status(rejectedId).equals("rejected"));
        assertThat(rows(dir, "settlement", "SELECT COUNT(*) FROM refund WHERE settlement_id = '" + rejected.settlementId() + "'"))
                .containsExactly(List.of("0"));
        assertThat(issuer.terminal().download(rejected)).isNotEmpty();
        assertThat(rows(dir, "auth", "SELECT status, refunded FROM approval WHERE id = '" + rejected.approvalId() + "'"))
                .containsExactly(List.of("CHARGED", "0"));

        // 5,000 less 800 and 150, with 200 back.
        assertThat(issuer.remaining(buyer)).isEqualTo(4_250);
        assertThat(auditKinds(upheld)).contains("REVERSAL_OPENED", "REVERSAL_CONTESTED", "REVERSAL_UPHELD", "REFUNDED");
        assertThat(auditKinds(rejected)).contains("REVERSAL_OPENED", "REVERSAL_CONTESTED", "REVERSAL_REJECTED").doesNotContain("REFUNDED");
        await(() -> rows(dir, "settlement", "SELECT status FROM outbox WHERE kind = 'REFUND' AND subject = '" + upheldId + "'")
                .equals(List.of(List.of("SENT"))));
        assertThat(merchantOperator.ledger().balanced()).isTrue();
        assertThat(issuer.settlementOperatorPage(dir)).contains(upheldId, rejectedId);
        reconciles(upheld);
    }

    /**
     * Contests a reversal as a browser does on the operator's page: reads the page (its form cookie,
     * token and the form's key) and posts the contest form, from the page itself or from another site.
     */
    private static HttpResponse<String> contestOnPage(String reversalId, String note, boolean sameSite) throws Exception {
        URI page = issuer.deployment().settlement().url().resolve("/admin");
        String basic = "Basic " + Base64.getEncoder().encodeToString(("operator:" + OperatorToken.read(dir.resolve("keys/settlement-admin.token")))
                .getBytes(StandardCharsets.UTF_8));
        var shown = HTTP.send(HttpRequest.newBuilder(page).header("Authorization", basic).GET().build(), HttpResponse.BodyHandlers.ofString());
        String cookie = PageForms.cookie(shown.headers());
        String action = "/admin/reversals/" + reversalId + "/contest";
        String body = PageForms.hiddenFields(shown.body(), action) + "&note=" + PageForms.encode(note);
        return HTTP.send(HttpRequest.newBuilder(page.resolve(action)).header("Authorization", basic).header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Sec-Fetch-Site", sameSite ? "same-origin" : "cross-site")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Receipt buy(String buyer, String item) {
        Receipt receipt = issuer.terminal().buy(issuer.deployment().shop().url(), buyer, IssuerTestbed.password(buyer), item).receipt();
        await(() -> "CHARGED".equals(approvalStatus(receipt)));
        return receipt;
    }

    private static String open(Receipt receipt, String reason, Integer amount) throws Exception {
        var args = new ArrayList<>(List.of("reversals", "open", allowanceOf(receipt), "--reason", reason));
        if (amount != null) args.addAll(List.of("--amount", amount.toString()));
        Cli.Run run = admin(args.toArray(String[]::new));
        assertThat(run.exit()).as(run.all()).isZero();
        return Json.MAPPER.readTree(run.out()).get("id").asText();
    }

    private static void reconciles(Receipt receipt) {
        ReconciliationReport report = merchantOperator.reconcile(receipt.settledAt().atZone(ZoneOffset.UTC).toLocalDate());
        assertThat(report.mismatches()).isEmpty();
        assertThat(report.settlement().refunded()).isEqualTo(report.issuer().refunded());
    }

    private static Cli.Run admin(String... args) {
        var all = new ArrayList<>(List.of("admin", "--admin-url", issuer.deployment().auth().adminUrl().toString(),
                "--token-file", dir.resolve("keys/auth-admin.token").toString()));
        all.addAll(List.of(args));
        return Cli.run("", all.toArray(String[]::new));
    }

    private static Cli.Run merchant(String... args) {
        var all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--settlement", issuer.deployment().settlement().url().toString(),
                "--token-file", dir.resolve("keys/settlement-admin.token").toString()));
        return Cli.run("", all.toArray(String[]::new));
    }

    private static String allowanceOf(Receipt receipt) {
        return rows(dir, "auth", "SELECT allowance_id FROM approval WHERE id = '" + receipt.approvalId() + "'").get(0).get(0);
    }

    /** The reversal's status as the merchant's settlement server holds it; empty until it has learned of it. */
    private static String status(String reversalId) {
        var found = rows(dir, "settlement", "SELECT status FROM reversal WHERE id = '" + reversalId + "'");
        return found.isEmpty() ? "" : found.get(0).get(0);
    }

    private static String approvalStatus(Receipt receipt) {
        return rows(dir, "auth", "SELECT status FROM approval WHERE id = '" + receipt.approvalId() + "'").get(0).get(0);
    }

    private static List<String> auditKinds(Receipt receipt) {
        return rows(dir, "auth", "SELECT kind FROM audit_event WHERE approval_id = '" + receipt.approvalId() + "'").stream().map(r -> r.get(0)).toList();
    }

    private static void await(Supplier<Boolean> condition) {
        IssuerTestbed.await(PATIENCE, condition);
    }
}
