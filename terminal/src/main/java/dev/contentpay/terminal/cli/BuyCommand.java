package dev.contentpay.terminal.cli;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.protocol.Receipt;
import dev.contentpay.terminal.ContentpayClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;

@Command(name = "buy", description = "Buy an item: select it at the shop, get the issuer's approval, settle, and save the content.",
        mixinStandardHelpOptions = true)
public final class BuyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--shop", required = true, description = "the shop's URL")
    URI shop;

    @Option(names = "--auth", defaultValue = "http://127.0.0.1:8081", description = "your issuer's URL (default: ${DEFAULT-VALUE})")
    URI auth;

    @Option(names = "--user", required = true, description = "your subscriber id at the issuer")
    String user;

    @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
    boolean passwordStdin;

    @Option(names = "--out", defaultValue = ".", description = "the folder to save the content in (default: the current folder)")
    Path out;

    @Option(names = "--json", description = "print the outcome as JSON")
    boolean json;

    @Parameters(index = "0", paramLabel = "ITEM", description = "the item id, as the catalog lists it")
    String item;

    @Override
    public Integer call() {
        var stdout = spec.commandLine().getOut();
        var stderr = spec.commandLine().getErr();
        char[] password = null;
        try {
            password = Passwords.read(user, passwordStdin);
            var client = new ContentpayClient(auth);
            var purchase = client.buy(shop, user, password, item);
            Receipt r = purchase.receipt();
            Path file = save(r, purchase.content());
            if (json) {
                var doc = new LinkedHashMap<String, Object>();
                doc.put("status", "completed");
                doc.put("receipt", r);
                doc.put("file", file.toString());
                doc.put("remaining", purchase.approval().remainingAfter());
                Output.json(stdout, doc);
            } else {
                stdout.printf("Bought \"%s\" for %s.%n", r.title(), Output.money(r.amount()));
                stdout.printf("  saved to     %s (%,d bytes, sha256 %s)%n", file, purchase.content().length, r.contentSha256());
                stdout.printf("  settlement   %s at %s%n", r.settlementId(), r.settledAt());
                stdout.printf("  order        %s from merchant %s%n", r.orderId(), r.merchantId());
                stdout.printf("  approval     %s%n", r.approvalId());
                stdout.printf("  remaining    %s of your budget%n", Output.money(purchase.approval().remainingAfter()));
                stdout.printf("  download again until %s: %s%n", r.downloadExpiresAt(), r.downloadUrl());
                stdout.flush();
            }
            return 0;
        } catch (ContentpayException e) {
            return Output.refusal(stdout, stderr, e, json);
        } finally {
            if (password != null) Arrays.fill(password, '\0');
        }
    }

    private Path save(Receipt r, byte[] content) {
        try {
            Files.createDirectories(out);
            Path file = out.resolve(r.itemId() + "." + Output.extensionOf(r.mediaType()));
            // Written beside its final name and moved into place, so a crash never leaves half a file
            // under the real name; created with the user's usual permissions, unlike a temp file.
            Path tmp = out.resolve("." + file.getFileName() + "." + java.util.UUID.randomUUID() + ".part");
            Files.write(tmp, content);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new ContentpayException(ErrorCode.VALIDATION_FAILED, "The purchase is settled but the content could not be saved in "
                    + out + " (" + e.getMessage() + "); download it again with the receipt's link: " + r.downloadUrl());
        }
    }
}
