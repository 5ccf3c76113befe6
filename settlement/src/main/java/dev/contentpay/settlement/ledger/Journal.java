package dev.contentpay.settlement.ledger;

import dev.contentpay.platform.id.Ids;
import dev.contentpay.platform.money.Money;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One business fact as the ledger records it: entries whose debits equal their credits in every
 * currency, posted together or not at all. A journal cannot be built unbalanced.
 *
 * @param reference     what the fact is about: the settlement id, the refund id, or for a
 *                      correction the id of the journal it reverses (one journal per kind and reference)
 * @param settlementId  the settlement concerned, or null
 */
public record Journal(String id, Kind kind, String reference, String settlementId, String memo, Instant postedAt,
                      List<Entry> entries) {

    public enum Kind { SETTLEMENT, REFUND, CORRECTION }

    /** One line of a journal: an amount on one side of one account. */
    public record Entry(Account account, Account.Side side, Money amount) {
        public Entry {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(side, "side");
            if (!amount.isPositive()) throw new IllegalArgumentException("a ledger entry must be positive, not " + amount);
        }

        Entry reversed() {
            return new Entry(account, side.opposite(), amount);
        }
    }

    public Journal {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(postedAt, "postedAt");
        entries = List.copyOf(entries);
        if (entries.size() < 2) throw new IllegalArgumentException("journal " + id + " needs at least two entries, not " + entries.size());
        requireBalanced(id, entries);
    }

    /** A settlement: the issuer now owes us the price, which we have earned. */
    public static Journal settlement(String settlementId, Money amount, Instant at) {
        return new Journal(Ids.random("jnl"), Kind.SETTLEMENT, settlementId, settlementId, null, at, List.of(
                new Entry(Account.ISSUER_RECEIVABLE, Account.Side.DEBIT, amount),
                new Entry(Account.REVENUE, Account.Side.CREDIT, amount)));
    }

    /** A refund: revenue given back (on the contra account) and the issuer owes us that much less. */
    public static Journal refund(String refundId, String settlementId, Money amount, Instant at) {
        return new Journal(Ids.random("jnl"), Kind.REFUND, refundId, settlementId, null, at, List.of(
                new Entry(Account.REFUNDS, Account.Side.DEBIT, amount),
                new Entry(Account.ISSUER_RECEIVABLE, Account.Side.CREDIT, amount)));
    }

    /** The correction of this journal: the same entries on the other side, as a new journal. */
    public Journal reversal(String why, Instant at) {
        return new Journal(Ids.random("jnl"), Kind.CORRECTION, id, settlementId, why, at,
                entries.stream().map(Entry::reversed).toList());
    }

    private static void requireBalanced(String id, List<Entry> entries) {
        Map<String, Long> net = new HashMap<>();
        for (Entry e : entries) {
            long signed = e.side() == Account.Side.DEBIT ? e.amount().amount() : -e.amount().amount();
            net.merge(e.amount().currency(), signed, Math::addExact);
        }
        net.forEach((currency, sum) -> {
            if (sum != 0) throw new IllegalArgumentException("journal " + id + " does not balance in " + currency + ": debits exceed credits by " + sum);
        });
    }
}
