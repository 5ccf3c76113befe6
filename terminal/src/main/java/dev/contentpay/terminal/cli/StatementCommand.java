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
            print(out, s, account.language.words());
        });
    }

    /**
     * The statement for people, in {@code words}' language; times are the issuer's local time with
     * the zone named (an issuer that names no zone bills in UTC).
     */
    static void print(java.io.PrintWriter out, Statement s, CliLanguage words) {
        BillingZone zone = s.zone() == null ? BillingZone.UTC : BillingZone.of(s.zone());
        var locale = words.locale();
        if ("sandbox".equals(s.env())) out.println(words.get("statement.sandbox"));
        out.println(words.get("statement.title", s.subscriberId(), s.limitKind(), BillingZone.displayDay(s.from(), locale),
                BillingZone.displayDay(s.to(), locale), zone.id()));
        for (var line : s.lines()) {
            out.printf("  %-20s %-7s %-20s %-30s %4s %12s%n", zone.display(line.at(), locale), words.label("statement.kind.", line.kind()),
                    line.merchantName(), line.title(), line.taxRate() == null ? "" : line.taxRate() + "%", line.amount().plain());
        }
        out.println(words.get("statement.totals", s.charged().plain(), s.refunded().plain(), s.voided().plain(), s.net().plain()));
        out.println(words.get("statement.limit", s.limit().plain(), s.remaining().plain()));
        if (s.taxes() != null && !s.taxes().isEmpty()) {
            out.println(words.get("statement.invoice",
                    s.issuerRegistrationNumber() == null ? "" : words.get("statement.invoice-by", s.issuerRegistrationNumber())));
            for (var tax : s.taxes()) {
                out.println(words.get("statement.tax", String.format("%2d", tax.rate()), tax.inclusive().plain(), tax.tax().plain()));
            }
        }
    }
}
