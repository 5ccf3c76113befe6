package dev.contentpay.settlement.ledger;

import java.util.Locale;

/**
 * The ledger's accounts. Each has a normal side: the side that increases it. Its balance is read
 * on that side, so every balance of a healthy ledger is zero or positive.
 */
public enum Account {
    /** What the issuer owes us for settled purchases: an asset, increased by a debit. */
    ISSUER_RECEIVABLE(Side.DEBIT),
    /** What we earned by selling content: income, increased by a credit. */
    REVENUE(Side.CREDIT),
    /** Revenue given back to buyers: contra-revenue, increased by a debit, so revenue itself is never debited. */
    REFUNDS(Side.DEBIT);

    private final Side normal;

    Account(Side normal) {
        this.normal = normal;
    }

    public Side normal() {
        return normal;
    }

    /** The stored name, for example {@code issuer_receivable}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Account fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }

    /** The side of an entry; the opposite side reverses it. */
    public enum Side {
        DEBIT, CREDIT;

        public Side opposite() {
            return this == DEBIT ? CREDIT : DEBIT;
        }
    }
}
