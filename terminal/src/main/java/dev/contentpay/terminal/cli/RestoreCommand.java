package dev.contentpay.terminal.cli;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.protocol.Receipt;
import dev.contentpay.protocol.RestoredPurchases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
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
        "Purchases refunded in full are not listed."},
        mixinStandardHelpOptions = true)
public final class RestoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SubscriberAccount account;

    @Option(names = "--shop", description = "the shop's URL, which names the merchant (or give --merchant)")
    URI shop;

    @Option(names = "--merchant", description = "the merchant's id, instead of --shop")
    String merchant;

    @Option(names = "--settlement", required = true, description = "the merchant's settlement server, where you paid")
    URI settlement;

    @Option(names = "--download", description = "download every purchase again and save it with its receipt in --out")
    boolean download;

    @Option(names = "--out", defaultValue = ".", description = "the folder to save in with --download (default: the current folder)")
    Path out;

    @Override
    public Integer call() {
        if ((shop == null) == (merchant == null)) {
            return Output.refusal(spec.commandLine().getOut(), spec.commandLine().getErr(),
                    ContentpayException.invalid("--shop", "or --merchant names the merchant: give one of them"), account.json,
                    account.language.words());
        }
        return account.run(spec, (issuer, password, stdout) -> {
            String merchantId = merchant != null ? merchant : issuer.catalog(shop).merchantId();
            String proof = issuer.buyerProof(account.user, password, merchantId).proof();
            RestoredPurchases restored = issuer.restore(settlement, proof);
            List<Map<String, Object>> listed = new ArrayList<>();
            for (Receipt r : restored.purchases()) {
                var entry = new LinkedHashMap<String, Object>();
                entry.put("receipt", r);
                if (download) {
                    entry.put("receiptFile", ReceiptFiles.saveReceipt(out, r).toString());
                    entry.put("file", ContentDownload.save(issuer, r, proof, out, true, spec.commandLine().getErr()).file().toString());
                }
                listed.add(entry);
            }
            print(stdout, merchantId, listed);
        });
    }

    private void print(java.io.PrintWriter stdout, String merchantId, List<Map<String, Object>> listed) {
        if (account.json) {
            var doc = new LinkedHashMap<String, Object>();
            doc.put("merchantId", merchantId);
            doc.put("purchases", listed);
            Output.json(stdout, doc);
            return;
        }
        printOwned(stdout, merchantId, listed, account.language.words());
        stdout.flush();
    }

    /** What {@code listed} holds, for people, in {@code words}' language. */
    static void printOwned(java.io.PrintWriter stdout, String merchantId, List<Map<String, Object>> listed, CliLanguage words) {
        stdout.println(listed.size() == 1 ? words.get("restore.owned-one", merchantId) : words.get("restore.owned", listed.size(), merchantId));
        for (var entry : listed) {
            Receipt r = (Receipt) entry.get("receipt");
            stdout.println(words.get("restore.line", r.settledAt(), r.title(), r.amount().plain(), r.settlementId()));
            if (entry.containsKey("file")) {
                stdout.println(words.get("restore.saved", entry.get("file"), entry.get("receiptFile")));
            } else {
                stdout.println(words.get("restore.until", r.downloadExpiresAt(), r.downloadUrl()));
            }
        }
    }
}
