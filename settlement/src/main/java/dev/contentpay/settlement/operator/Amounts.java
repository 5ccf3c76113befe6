package dev.contentpay.settlement.operator;

/** Counts for people, beside amounts ({@code Money.plain()}): {@code 1 refund}, {@code 4 refunds}. */
public final class Amounts {

    private Amounts() {
    }

    /** {@code 1 refund}, {@code 4 refunds}. */
    public static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
