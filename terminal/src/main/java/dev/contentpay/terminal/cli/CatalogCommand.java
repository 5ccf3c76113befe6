package dev.contentpay.terminal.cli;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.http.Json;
import dev.contentpay.protocol.CatalogItem;
import dev.contentpay.client.ContentpayClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.util.concurrent.Callable;

@Command(name = "catalog", description = "List what a shop sells.", mixinStandardHelpOptions = true)
public final class CatalogCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--shop", required = true, description = "the shop's URL, for example http://127.0.0.1:8083")
    URI shop;

    @Option(names = "--json", description = "print the catalog as JSON")
    boolean json;

    @Mixin
    CliLanguage.Choice language;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        CliLanguage words = language.words();
        try {
            var catalog = new ContentpayClient(shop).catalog(shop);
            if (json) {
                out.println(Json.writeString(catalog));
            } else {
                out.printf("%s (%s)%n", catalog.merchantName(), catalog.merchantId());
                out.printf("%-12s %-34s %-10s %12s%n", (Object[]) words.get("catalog.header").split("\\|"));
                for (CatalogItem item : catalog.items()) {
                    out.printf("%-12s %-34s %-10s %12s%n", item.id(), item.title(), item.genre(), item.price().plain());
                }
            }
            out.flush();
            return 0;
        } catch (ContentpayException e) {
            return Output.refusal(out, err, e, json, words);
        }
    }
}
