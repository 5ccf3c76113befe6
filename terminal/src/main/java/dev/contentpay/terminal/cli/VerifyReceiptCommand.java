package dev.contentpay.terminal.cli;

import com.nimbusds.jose.jwk.JWKSet;
import dev.contentpay.client.ReceiptVerifier;
import dev.contentpay.protocol.AllowanceClaims;
import dev.contentpay.protocol.Receipt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;

/**
 * {@code contentpay verify-receipt FILE}: checks a receipt against the issuer's public keys, offline
 * with a key set file or fetching it once, so anyone can trust a receipt without asking the merchant.
 */
@Command(name = "verify-receipt", description = {
        "Check a receipt: its transaction record must be signed by the issuer and say what the receipt says",
        "(merchant, order, approval, item, amount, time). Offline with --jwks FILE, or fetching the issuer's keys once.",
        "Exit 0 when the receipt is valid, 1 when it is not, 2 when the receipt or the keys cannot be read."},
        mixinStandardHelpOptions = true)
public final class VerifyReceiptCommand implements Callable<Integer> {

    static final int INVALID = 1;
    static final int UNREADABLE = 2;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the receipt as JSON (as contentpay buy saves it beside the content, or its --json output)")
    Path file;

    @Option(names = "--jwks", paramLabel = "FILE|URL",
            description = "the issuer's public JWK set: a file (offline), or a URL to fetch it from (default: the issuer's /v1/keys at --auth)")
    String jwks;

    @Option(names = "--auth", defaultValue = "http://127.0.0.1:8081", description = "your issuer's URL, to fetch its keys when --jwks is not given (default: ${DEFAULT-VALUE})")
    String auth;

    @Option(names = "--issuer", description = "accept only records issued by this issuer id (default: any issuer the keys sign for, named in the verdict)")
    String issuer;

    @Option(names = "--json", description = "print the verdict as JSON")
    boolean json;

    @picocli.CommandLine.Mixin
    CliLanguage.Choice language;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        Receipt receipt;
        JWKSet keys;
        try {
            receipt = ReceiptVerifier.readReceipt(file);
        } catch (IOException | RuntimeException e) {
            return unreadable(out, err, language.words().get("verify.unreadable", file, e.getMessage()));
        }
        String source = jwks != null ? jwks : auth.replaceAll("/+$", "") + "/v1/keys";
        try {
            keys = ReceiptVerifier.keys(source);
        } catch (RuntimeException e) {
            return unreadable(out, err, e.getMessage());
        }
        ReceiptVerifier.Verdict verdict = new ReceiptVerifier(keys, issuer, Clock.systemUTC()).verify(receipt);
        if (json) {
            var doc = new LinkedHashMap<String, Object>();
            doc.put("valid", verdict.valid());
            if (!verdict.valid()) doc.put("reason", verdict.reason());
            if (verdict.record() != null) doc.put("record", recordOf(verdict.record()));
            Output.json(out, doc);
        } else if (verdict.valid()) {
            printValid(out, verdict.record(), receipt, language.words());
            out.flush();
        } else {
            CliLanguage words = language.words();
            err.println(words.get("verify.invalid", reason(verdict, words)));
            err.flush();
        }
        return verdict.valid() ? 0 : INVALID;
    }

    /** Why {@code verdict} is not valid, in {@code words}' language; the verifier's own sentence for a code without words. */
    static String reason(ReceiptVerifier.Verdict verdict, CliLanguage words) {
        String key = "verify.reason." + verdict.code();
        if (verdict.code() == null || !words.has(key)) return verdict.reason();
        var details = new java.util.ArrayList<Object>(verdict.details());
        // The one field a "differs" reason names is itself a word to put in the reader's language.
        if ("differs".equals(verdict.code()) && !details.isEmpty()) details.set(0, words.label("verify.field.", (String) details.get(0)));
        return words.get(key, details.toArray());
    }

    /** A valid receipt's signed record for people, in {@code words}' language. */
    static void printValid(PrintWriter out, AllowanceClaims t, Receipt receipt, CliLanguage words) {
        out.println(words.get("verify.valid", t.issuer()));
        out.println(words.get("verify.merchant", t.merchantId()));
        out.println(words.get("verify.order", t.orderId(), t.itemId() == null ? "" : words.get("verify.item", t.itemId())));
        out.println(words.get("verify.amount", t.amount().plain()));
        out.println(words.get("verify.approval", t.approvalId(), t.allowanceId()));
        out.println(words.get("verify.times", t.issuedAt(), receipt.settledAt(), receipt.settlementId()));
        out.println(words.get("verify.buyer", t.pseudonym()));
        out.println(words.get("verify.note"));
    }

    private static LinkedHashMap<String, Object> recordOf(AllowanceClaims t) {
        var record = new LinkedHashMap<String, Object>();
        record.put("issuer", t.issuer());
        record.put("merchantId", t.merchantId());
        record.put("pseudonym", t.pseudonym());
        record.put("allowanceId", t.allowanceId());
        record.put("approvalId", t.approvalId());
        record.put("orderId", t.orderId());
        record.put("itemId", t.itemId());
        record.put("amount", t.amount());
        record.put("issuedAt", t.issuedAt());
        return record;
    }

    private int unreadable(PrintWriter out, PrintWriter err, String reason) {
        if (json) {
            var doc = new LinkedHashMap<String, Object>();
            doc.put("valid", false);
            doc.put("reason", reason);
            Output.json(out, doc);
        } else {
            err.println(reason);
            err.flush();
        }
        return UNREADABLE;
    }
}
