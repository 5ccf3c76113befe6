package dev.contentpay.terminal.cli;

import dev.contentpay.client.ContentpayClient;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.protocol.Receipt;
import dev.contentpay.protocol.RestoredPurchases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code contentpay restore}: what you own at a merchant, on any device. The issuer vouches for the
 * pseudonym the merchant knows you by; the merchant learns nothing else.
 */
@Command(name = "restore", description = {
        "Restore purchases: list what you own at a merchant, with fresh download links, and with --download save it again.",
        "Your issuer vouches to the merchant for the pseudonym it knows you by; your id and password go to the issuer only.",
        "Refunded purchases are not listed."},
        mixinStandardHelpOptions = true)
public final class RestoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--shop", description = "the shop's URL, which names the merchant (or give --merchant)")
    URI shop;

    @Option(names = "--merchant", description = "the merchant's id, instead of --shop")
    String merchant;

    @Option(names = "--settlement", required = true, description = "the merchant's settlement server, where you paid")
    URI settlement;

    @Option(names = "--auth", defaultValue = "http://127.0.0.1:8081", description = "your issuer's URL (default: ${DEFAULT-VALUE})")
    URI auth;

    @Option(names = "--user", required = true, description = "your subscriber id at the issuer")
    String user;

    @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
    boolean passwordStdin;

    @Option(names = "--download", description = "download every purchase again and save it with its receipt in --out")
    boolean download;

    @Option(names = "--out", defaultValue = ".", description = "the folder to save in with --download (default: the current folder)")
    Path out;

    @Option(names = "--json", description = "print the purchases as JSON")
    boolean json;

    @Override
    public Integer call() {
        var stdout = spec.commandLine().getOut();
        char[] password = null;
        try {
            if ((shop == null) == (merchant == null)) throw ContentpayException.invalid("--shop", "or --merchant names the merchant: give one of them");
            password = Secrets.password(user, passwordStdin);
            var client = new ContentpayClient(auth);
            String merchantId = merchant != null ? merchant : client.catalog(shop).merchantId();
            String proof = client.buyerProof(user, password, merchantId).proof();
            RestoredPurchases restored = client.restore(settlement, proof);
            List<Map<String, Object>> listed = new ArrayList<>();
            for (Receipt r : restored.purchases()) {
                var entry = new LinkedHashMap<String, Object>();
                entry.put("receipt", r);
                if (download) {
                    entry.put("file", ReceiptFiles.saveContent(out, r, client.download(r, proof)).toString());
                    entry.put("receiptFile", ReceiptFiles.saveReceipt(out, r).toString());
                }
                listed.add(entry);
            }
            print(stdout, merchantId, listed);
            return 0;
        } catch (ContentpayException e) {
            return Output.refusal(stdout, spec.commandLine().getErr(), e, json);
        } finally {
            if (password != null) Arrays.fill(password, '\0');
        }
    }

    private void print(java.io.PrintWriter stdout, String merchantId, List<Map<String, Object>> listed) {
        if (json) {
            var doc = new LinkedHashMap<String, Object>();
            doc.put("merchantId", merchantId);
            doc.put("purchases", listed);
            Output.json(stdout, doc);
            return;
        }
        stdout.printf("You own %d purchase%s at %s.%n", listed.size(), listed.size() == 1 ? "" : "s", merchantId);
        for (var entry : listed) {
            Receipt r = (Receipt) entry.get("receipt");
            stdout.printf("%s  \"%s\" for %s (settlement %s)%n", r.settledAt(), r.title(), r.amount().plain(), r.settlementId());
            if (entry.containsKey("file")) {
                stdout.printf("  saved to %s, receipt %s%n", entry.get("file"), entry.get("receiptFile"));
            } else {
                stdout.printf("  download until %s: %s%n", r.downloadExpiresAt(), r.downloadUrl());
            }
        }
        stdout.flush();
    }
}
