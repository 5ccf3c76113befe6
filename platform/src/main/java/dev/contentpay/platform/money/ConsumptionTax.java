package dev.contentpay.platform.money;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Japanese consumption tax on tax-inclusive prices, as a qualified invoice (適格請求書) states it:
 * the lines of an invoice are grouped by rate, and the tax of each rate is computed once, on the
 * rate's tax-inclusive total, never line by line. This is the one place the tax is computed; every
 * receipt and statement asks it.
 *
 * <p>Rounding: the tax contained in a tax-inclusive total {@code g} at {@code r} % is
 * {@code floor(g × r / (100 + r))}, rounded down once per invoice and rate, the usual choice of
 * Japanese sellers (the law allows down, up or half-up, once per invoice and rate). A negative total
 * (an invoice whose refunds outweigh its charges at that rate) is rounded toward zero, so a refund
 * takes back exactly the tax its purchase stated. Integer arithmetic only, with overflow checked.
 */
public final class ConsumptionTax {

    /** The standard rate, percent. */
    public static final int STANDARD = 10;
    /** The reduced rate (軽減税率), percent: food and newspapers. */
    public static final int REDUCED = 8;

    private ConsumptionTax() {
    }

    /** Whether {@code rate} is a rate this system bills: {@value #STANDARD} or {@value #REDUCED}. */
    public static boolean isRate(int rate) {
        return rate == STANDARD || rate == REDUCED;
    }

    /** The rate an absent one stands for: records and seals made before rates were kept are standard-rated. */
    public static int orStandard(Integer rate) {
        return rate == null ? STANDARD : rate;
    }

    /** The tax contained in {@code inclusive} minor units at {@code rate} %, rounded as the class says. */
    public static long taxIn(long inclusive, int rate) {
        requireRate(rate);
        long magnitude = Math.multiplyExact(Math.abs(inclusive), (long) rate) / (100 + rate);
        return inclusive < 0 ? -magnitude : magnitude;
    }

    /**
     * The invoice's totals per rate, highest rate first: each rate's tax-inclusive total (refunds, as
     * negative lines, reduce it) and the tax in it, rounded once.
     */
    public static List<PerRate> perRate(List<Line> lines) {
        Map<Integer, Money> totals = new TreeMap<>(Comparator.reverseOrder());
        for (Line line : lines) totals.merge(line.rate(), line.inclusive(), Money::plus);
        var result = new ArrayList<PerRate>(totals.size());
        totals.forEach((rate, total) -> result.add(new PerRate(rate, total, Money.of(taxIn(total.amount(), rate), total.currency()))));
        return List.copyOf(result);
    }

    /**
     * A tax-inclusive price for people, with its rate, as 総額表示 wants it: {@code ¥330 (incl. 10% tax)}
     * in English, {@code 330円 (税込, 10%)} in Japanese.
     */
    public static String displayInclusive(Money price, int rate, java.util.Locale locale) {
        String amount = price.display(locale);
        return "ja".equals(locale.getLanguage()) ? amount + " (税込, " + rate + "%)" : amount + " (incl. " + rate + "% tax)";
    }

    /**
     * Whether {@code number} is a qualified invoice issuer's registration number (登録番号): {@code T}
     * and 13 digits. Only the form is checked: a sole proprietor's number is not a corporate number,
     * so the corporate number's check digit does not apply to every registration number.
     */
    public static boolean isRegistrationNumber(String number) {
        return number != null && REGISTRATION_NUMBER.matcher(number).matches();
    }

    /**
     * Reads the {@code invoice.registration-number} setting: empty (receipts and bills then state no
     * number, as a seller not registered issues no qualified invoice) or {@code T} and 13 digits.
     */
    public static String readRegistrationNumber(dev.contentpay.platform.config.ConfigReader r, String statedOn) {
        String number = r.string("invoice.registration-number", "", "this party's qualified invoice issuer registration number (適格請求書発行事業者登録番号), "
                + "T and 13 digits, stated on " + statedOn + "; empty: none is stated").trim();
        r.check(number.isEmpty() || isRegistrationNumber(number), "invoice.registration-number must be T and 13 digits, such as T1234567890123, not '" + number + "'");
        return number;
    }

    private static final java.util.regex.Pattern REGISTRATION_NUMBER = java.util.regex.Pattern.compile("T[0-9]{13}");

    private static void requireRate(int rate) {
        if (!isRate(rate)) throw new IllegalArgumentException("not a consumption tax rate: " + rate + " (known: 10, 8)");
    }

    /** One line of an invoice: a tax-inclusive amount (negative for a refund) and its rate. */
    public record Line(Money inclusive, int rate) {
        public Line {
            Objects.requireNonNull(inclusive, "inclusive");
            requireRate(rate);
        }
    }

    /** One rate's part of an invoice: its tax-inclusive total and the tax in it. */
    public record PerRate(int rate, Money inclusive, Money tax) {
        /** The total without tax: always {@code inclusive − tax}. */
        public Money net() {
            return inclusive.minus(tax);
        }
    }
}
