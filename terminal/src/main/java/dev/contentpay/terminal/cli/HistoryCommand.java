package dev.contentpay.terminal.cli;

import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.time.BillingZone;
import dev.contentpay.protocol.History;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "history", description = "Show your charges and what remains of your budget, from your issuer.",
        mixinStandardHelpOptions = true)
public final class HistoryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SubscriberAccount account;

    @Override
    public Integer call() {
        return account.run(spec, (issuer, password, out) -> {
            History h = issuer.history(account.user, password);
            if (account.json) {
                out.println(Json.writeString(h));
                return;
            }
            // Times for people are the issuer's local time with the zone named; an issuer that names no zone bills in UTC.
            BillingZone zone = h.zone() == null ? BillingZone.UTC : BillingZone.of(h.zone());
            CliLanguage words = account.language.words();
            out.println(words.get("history.summary", h.subscriberId(), h.limitKind(), h.limit().plain(), h.period(), zone.id()));
            out.println(words.get("history.totals", h.charged().plain(), h.reserved().plain(), h.remaining().plain()));
            out.printf("%-26s %-20s %-30s %12s  %s%n", (Object[]) words.get("history.header").split("\\|"));
            for (var e : h.entries()) {
                out.printf("%-26s %-20s %-30s %12s  %s%n", zone.display(e.issuedAt(), words.locale()), e.merchantName(), e.title(),
                        e.amount().plain(), e.status());
            }
        });
    }
}
