package dev.contentpay.terminal.cli;

import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.time.BillingZone;
import dev.contentpay.protocol.Statement;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.LocalDate;
import java.util.concurrent.Callable;

/** {@code contentpay statement}: the subscriber's own bill for a period, from their issuer. */
@Command(name = "statement", mixinStandardHelpOptions = true,
        description = "Show your statement for a period: charges, refunds, voids and what remains of your limit.")
public final class StatementCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SubscriberAccount account;

    @Option(names = "--from", description = "first day, YYYY-MM-DD (default: the first of this month)")
    LocalDate from;

    @Option(names = "--to", description = "last day, YYYY-MM-DD (default: today)")
    LocalDate to;

    @Override
    public Integer call() {
        return account.run(spec, (issuer, password, out) -> {
            Statement s = issuer.statement(account.user, password, from, to);
            if (account.json) {
                out.println(Json.writeString(s));
                return;
            }
            // Times for people are the issuer's local time with the zone named; an issuer that names no zone bills in UTC.
            BillingZone zone = s.zone() == null ? BillingZone.UTC : BillingZone.of(s.zone());
            if ("sandbox".equals(s.env())) out.println("TEST STATEMENT (sandbox): test purchases, no one is billed");
            out.printf("Statement of %s (%s) from %s to %s (%s)%n", s.subscriberId(), s.limitKind(), s.from(), s.to(), zone.id());
            for (var line : s.lines()) {
                out.printf("  %-20s %-7s %-20s %-30s %4s %12s%n", zone.display(line.at()), line.kind(), line.merchantName(), line.title(),
                        line.taxRate() == null ? "" : line.taxRate() + "%", line.amount().plain());
            }
            out.printf("  charged %s, refunded %s, voided %s; net %s%n", s.charged().plain(), s.refunded().plain(),
                    s.voided().plain(), s.net().plain());
            out.printf("  limit %s, remaining %s%n", s.limit().plain(), s.remaining().plain());
            if (s.taxes() != null && !s.taxes().isEmpty()) {
                out.printf("  qualified invoice (適格請求書)%s%n", s.issuerRegistrationNumber() == null ? "" : " by " + s.issuerRegistrationNumber());
                for (var tax : s.taxes()) {
                    out.printf("    %2d%%: %s incl. tax, of which consumption tax %s%n", tax.rate(), tax.inclusive().plain(), tax.tax().plain());
                }
            }
        });
    }
}
