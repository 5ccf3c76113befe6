package dev.contentpay.terminal.cli;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.protocol.Receipt;
import dev.contentpay.client.ContentpayClient;
import dev.contentpay.client.TerminalCredential;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;

@Command(name = "buy", description = {
        "Buy an item: select it at the shop, get the issuer's approval, settle, and save the content and its receipt.",
        "The issuer is asked with your id and password, or with --terminal, with this terminal's enrolled credential (see: contentpay enroll).",
        "Above your PIN amount the PIN is asked too: on the console, or as the next line of standard input with --pin-stdin or --password-stdin."},
        mixinStandardHelpOptions = true)
public final class BuyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--shop", required = true, description = "the shop's URL")
    URI shop;

    @Option(names = "--auth", defaultValue = "http://127.0.0.1:8081",
            description = "your issuer's URL (default: ${DEFAULT-VALUE}, or with --terminal the issuer the terminal is enrolled at)")
    URI auth;

    @Option(names = "--user", description = "your subscriber id at the issuer (needed without --terminal)")
    String user;

    @Option(names = "--password-stdin", description = "read the password from the first line of standard input (and the PIN, when asked, from the next)")
    boolean passwordStdin;

    @Option(names = "--terminal", description = "prove the request with this terminal's enrolled credential instead of the password")
    boolean terminal;

    @Option(names = "--credential", paramLabel = "FILE",
            description = "the terminal credential (default: ~/.config/contentpay/terminal-<user>.json, or the only one there)")
    Path credential;

    @Option(names = "--pin-stdin", description = "read the PIN, when the issuer asks for it, from the next line of standard input")
    boolean pinStdin;

    @Option(names = "--out", defaultValue = ".", description = "the folder to save the content in (default: the current folder)")
    Path out;

    @Option(names = "--json", description = "print the outcome as JSON")
    boolean json;

    @picocli.CommandLine.Mixin
    CliLanguage.Choice language;

    @Parameters(index = "0", paramLabel = "ITEM", description = "the item id, as the catalog lists it")
    String item;

    @Override
    public Integer call() {
        var stdout = spec.commandLine().getOut();
        var stderr = spec.commandLine().getErr();
        char[] password = null;
        try {
            boolean pinFromStdin = pinStdin || passwordStdin;
            ContentpayClient.Settled purchase;
            ContentpayClient client;
            if (terminal) {
                if (passwordStdin) throw ContentpayException.invalid("--password-stdin", "is not used with --terminal: the terminal's credential replaces the password");
                TerminalCredential credential = TerminalCredential.load(CredentialFiles.resolve(this.credential, user));
                URI issuer = spec.commandLine().getParseResult().hasMatchedOption("--auth") ? auth : credential.issuer();
                client = new ContentpayClient(issuer);
                purchase = client.settle(shop, credential, item, Secrets.pin(credential.subscriberId(), pinFromStdin));
            } else {
                if (user == null) throw ContentpayException.invalid("--user", "is needed to buy with a password (or buy with --terminal)");
                if (credential != null) throw ContentpayException.invalid("--credential", "is used with --terminal only");
                password = Secrets.password(user, passwordStdin);
                client = new ContentpayClient(auth);
                purchase = client.settle(shop, user, password, item, Secrets.pin(user, pinFromStdin));
            }
            print(stdout, purchase, deliver(client, purchase.receipt(), stderr));
            return 0;
        } catch (ContentpayException e) {
            return Output.refusal(stdout, stderr, e, json, language.words());
        } finally {
            if (password != null) Arrays.fill(password, '\0');
        }
    }

    /**
     * The receipt is saved first, so that a download cut off (the line lost, the program stopped)
     * can be finished later with {@code contentpay download <receipt>}, which resumes from the part.
     */
    private ContentpayClient.Saved deliver(ContentpayClient client, Receipt r, java.io.PrintWriter stderr) {
        Path receiptFile = ReceiptFiles.saveReceipt(out, r);
        try {
            return ContentDownload.save(client, r, null, out, true, stderr);
        } catch (ContentpayException e) {
            throw new ContentpayException(e.code(), "The purchase is settled and its receipt saved in " + receiptFile
                    + ", but the content did not arrive: " + e.detail() + " Finish it with: contentpay download " + receiptFile, e);
        }
    }

    private void print(java.io.PrintWriter stdout, ContentpayClient.Settled purchase, ContentpayClient.Saved saved) {
        Receipt r = purchase.receipt();
        Path file = saved.file();
        Path receiptFile = ReceiptFiles.receiptFile(out, r);
        if (json) {
            var doc = new LinkedHashMap<String, Object>();
            doc.put("status", "completed");
            doc.put("receipt", r);
            doc.put("file", file.toString());
            doc.put("receiptFile", receiptFile.toString());
            doc.put("remaining", purchase.approval().remainingAfter());
            Output.json(stdout, doc);
        } else {
            CliLanguage words = language.words();
            stdout.println(words.get("buy.bought", r.title(), r.amount().plain()));
            stdout.println(words.get("buy.saved", file, String.format("%,d", saved.size()), r.contentSha256()));
            stdout.println(words.get("buy.settlement", r.settlementId(), r.settledAt()));
            stdout.println(words.get("buy.order", r.orderId(), r.merchantId()));
            stdout.println(words.get("buy.approval", r.approvalId()));
            if (r.taxes() != null) {
                for (var tax : r.taxes()) {
                    stdout.println(words.get("buy.tax", String.format("%2d", tax.rate()), tax.inclusive().plain(), tax.tax().plain()));
                }
            }
            if (r.registrationNumber() != null) stdout.println(words.get("buy.seller", r.registrationNumber()));
            stdout.println(words.get("buy.remaining", purchase.approval().remainingAfter().plain()));
            stdout.println(words.get("buy.again", r.downloadExpiresAt(), r.downloadUrl()));
            stdout.println(words.get("buy.receipt", receiptFile));
            stdout.flush();
        }
    }
}
