package dev.contentpay.auth.sandbox;

import dev.contentpay.platform.error.ContentpayException;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A fault the sandbox issuer injects on purpose so that a merchant can test its integration
 * (docs/MERCHANTS.md, "Sandbox"). Each acts once: on a webhook's first attempt, on a notice's first
 * acknowledgement; what follows goes as in live.
 */
public enum Fault {
    /** The webhook's first attempt waits for the delay. */
    DELAY_WEBHOOKS,
    /** The webhook is sent twice, the same bytes each time. */
    DUPLICATE_WEBHOOKS,
    /** The webhook's first attempt waits a moment, and the events then due go newest first. */
    REORDER_WEBHOOKS,
    /** The webhook is never sent (it is recorded as delivered): the merchant finds the event only in its feed. */
    DROP_WEBHOOKS,
    /** The answer to a payment notice comes only after the delay (the notice itself is applied at once). */
    DELAY_NOTICES,
    /** The notice is applied but its answer is lost (503 {@code sandbox_fault}): the merchant must send it again. */
    DROP_NOTICES;

    /** The name on the wire: {@code duplicate-webhooks}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Faults named on the wire, comma-separated (blank: none); an unknown name is refused, naming {@code field}. */
    public static Set<Fault> parse(String field, String names) {
        var faults = EnumSet.noneOf(Fault.class);
        if (names == null) return faults;
        for (String name : names.split(",")) {
            String n = name.trim();
            if (n.isEmpty()) continue;
            faults.add(Arrays.stream(values()).filter(f -> f.wire().equals(n)).findFirst().orElseThrow(() ->
                    ContentpayException.invalid(field, "'" + n + "' is not a sandbox fault; one of " + allNames())));
        }
        return faults;
    }

    public static String names(Set<Fault> faults) {
        return faults.stream().map(Fault::wire).collect(Collectors.joining(","));
    }

    private static String allNames() {
        return Arrays.stream(values()).map(Fault::wire).collect(Collectors.joining(", "));
    }
}
