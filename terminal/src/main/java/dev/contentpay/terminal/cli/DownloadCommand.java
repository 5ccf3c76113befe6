package dev.contentpay.terminal.cli;

import dev.contentpay.client.ContentpayClient;
import dev.contentpay.client.ReceiptVerifier;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.protocol.Receipt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;

/**
 * {@code contentpay download RECEIPT}: the content of a saved receipt, downloaded (again) into the
 * folder beside it, resuming a download that was cut off. Within the receipt's first minutes its
 * link alone is enough; later the issuer's buyer proof goes with it, asked with {@code --user}.
 */
@Command(name = "download", description = {
        "Download the content of a receipt (as contentpay buy and restore --download save them), resuming a download that was cut off.",
        "Within the first minutes after buying the receipt's link alone downloads; later give --user (and your password) so that the",
        "issuer proves to the merchant that you are the buyer. Contents above 1 MiB show a progress bar when standard error is a terminal."},
        mixinStandardHelpOptions = true)
public final class DownloadCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RECEIPT", description = "the receipt file (<item>.receipt.json)")
    Path receiptFile;

    @Option(names = "--out", description = "the folder to save the content in (default: the receipt's folder)")
    Path out;

    @Option(names = "--restart", description = "start again instead of resuming from the .part a cut-off download left (resuming is the default)")
    boolean restart;

    @Option(names = "--auth", defaultValue = "http://127.0.0.1:8081", description = "your issuer's URL, with --user (default: ${DEFAULT-VALUE})")
    URI auth;

    @Option(names = "--user", description = "your subscriber id at the issuer: send the issuer's buyer proof with the link")
    String user;

    @Option(names = "--password-stdin", description = "with --user, read the password from the first line of standard input")
    boolean passwordStdin;

    @Option(names = "--json", description = "print the outcome as JSON")
    boolean json;

    @picocli.CommandLine.Mixin
    CliLanguage.Choice language;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        char[] password = null;
        try {
            Receipt receipt = read();
            var client = new ContentpayClient(auth);
            String proof = null;
            if (user != null) {
                password = Secrets.password(user, passwordStdin);
                proof = client.buyerProof(user, password, receipt.merchantId()).proof();
            }
            Path folder = out != null ? out : folderOf(receiptFile);
            ContentpayClient.Saved saved = ContentDownload.save(client, receipt, proof, folder, !restart, stderr);
            print(stdout, receipt, saved);
            return 0;
        } catch (ContentpayException e) {
            return Output.refusal(stdout, stderr, e, json, language.words());
        } finally {
            if (password != null) Arrays.fill(password, '\0');
        }
    }

    private Receipt read() {
        try {
            return ReceiptVerifier.readReceipt(receiptFile);
        } catch (IOException | RuntimeException e) {
            throw ContentpayException.invalid("RECEIPT", "must be a receipt file as contentpay buy saves it; " + receiptFile
                    + " cannot be read (" + e.getMessage() + ")");
        }
    }

    private static Path folderOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent != null ? parent : Path.of(".");
    }

    private void print(PrintWriter stdout, Receipt r, ContentpayClient.Saved saved) {
        if (json) {
            var doc = new LinkedHashMap<String, Object>();
            doc.put("status", "downloaded");
            doc.put("file", saved.file().toString());
            doc.put("size", saved.size());
            doc.put("resumedFrom", saved.resumedFrom());
            doc.put("sha256", r.contentSha256());
            Output.json(stdout, doc);
            return;
        }
        CliLanguage words = language.words();
        String resumed = saved.resumedFrom() > 0 ? words.get("download.resumed", String.format("%,d", saved.resumedFrom())) : "";
        stdout.println(words.get("download.saved", r.title(), saved.file(), String.format("%,d", saved.size()), resumed, r.contentSha256()));
        stdout.flush();
    }
}
