package dev.contentpay.terminal.cli;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.PinThresholdResponse;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.math.BigDecimal;
import java.util.concurrent.Callable;

@Command(name = "pin-threshold", description = {
        "Choose the amount above which your PIN is asked again at a purchase, or --none for never.",
        "Lowering it needs your password; raising or removing it needs your PIN as well."},
        mixinStandardHelpOptions = true)
public final class PinThresholdCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SubscriberAccount account;

    static final class Choice {
        @Option(names = "--amount", required = true, description = "ask the PIN above this amount, in the currency's usual units (1000 JPY, 12.50 EUR)")
        BigDecimal amount;

        @Option(names = "--none", required = true, description = "never ask the PIN again")
        boolean none;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Choice choice;

    @Option(names = "--currency", defaultValue = "JPY", description = "your account's currency (default: ${DEFAULT-VALUE})")
    String currency;

    @Option(names = "--pin-stdin", description = "read the PIN, when the issuer asks for it, from standard input: the next line after the password with --password-stdin")
    boolean pinStdin;

    @Override
    public Integer call() {
        return account.run(spec, (issuer, password, out) -> {
            Money amount = choice.none ? null : minorUnits(choice.amount, currency);
            PinThresholdResponse r = issuer.setPinThreshold(account.user, password, amount, Secrets.pin(account.user, pinStdin || account.passwordStdin));
            if (account.json) {
                out.println(Json.writeString(r));
            } else if (r.amount() == null) {
                out.println(account.language.words().get("pin.never"));
            } else {
                out.println(account.language.words().get("pin.above", r.amount().plain()));
            }
        });
    }

    /** 12.50 EUR is 1250 minor units; 1000 JPY is 1000. An amount finer than the currency allows is refused, not rounded. */
    static Money minorUnits(BigDecimal amount, String currency) {
        if (!Money.isKnownCurrency(currency)) throw ContentpayException.invalid("--currency", "must be an ISO 4217 code such as JPY");
        if (amount.signum() < 0) throw ContentpayException.invalid("--amount", "must not be negative");
        return Money.ofUnits(amount, currency)
                .orElseThrow(() -> ContentpayException.invalid("--amount", "has more decimals than " + currency + " has, or is too large"));
    }
}
