package dev.contentpay.settlement.ledger;

import dev.contentpay.platform.db.Database;
import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The double-entry ledger in integer minor units. Journals and entries are only ever inserted
 * (the database refuses UPDATE and DELETE on them, see V3); each posting updates the accounts'
 * balances in the same transaction, so a balance never disagrees with its entries, and a
 * mistake is corrected by a new journal that reverses the wrong one.
 */
public final class Ledger {

    /** Stateless, so one serves the static {@link #post} and every ledger. */
    private static final LedgerStore STORE = new JdbiLedgerStore();

    private final Database db;

    public Ledger(Database db) {
        this.db = db;
    }

    /**
     * Posts a journal inside the caller's transaction: the fact it records (a settlement, a refund)
     * is written by the same transaction, so the ledger and the fact are never apart.
     */
    public static void post(Handle h, Journal journal) {
        STORE.post(h, journal);
    }

    /** Reverses a posted journal with a CORRECTION journal; a journal is corrected at most once. */
    public Journal correct(String journalId, String why, Instant at) {
        return db.inTransaction(h -> {
            Journal original = STORE.find(h, journalId).orElseThrow(() -> new IllegalArgumentException("no journal " + journalId));
            if (original.kind() == Journal.Kind.CORRECTION) {
                throw new IllegalArgumentException("journal " + journalId + " is itself a correction; post a new fact instead");
            }
            Journal reversal = original.reversal(why, at);
            post(h, reversal);
            return reversal;
        });
    }

    public Optional<Journal> find(String journalId) {
        return db.withHandle(h -> STORE.find(h, journalId));
    }

    /** The journals about one settlement (its sale, its refund, corrections), in posting order. */
    public List<Journal> journalsOf(String settlementId) {
        return db.withHandle(h -> STORE.journalIdsOf(h, settlementId).stream()
                .map(id -> STORE.find(h, id).orElseThrow()).toList());
    }

    /** Checks every invariant of the ledger against what is stored; never throws for a broken one. */
    public LedgerCheck check() {
        return db.withHandle(Ledger::check);
    }

    static LedgerCheck check(Handle h) {
        var problems = new ArrayList<String>();
        List<LedgerCheck.Total> totals = STORE.totals(h);
        for (var t : totals) {
            if (t.debits() != t.credits()) {
                problems.add("in " + t.currency() + " the entries' debits (" + t.debits() + ") differ from their credits (" + t.credits() + ")");
            }
        }
        for (String journal : STORE.unbalancedJournals(h)) problems.add("journal " + journal + " does not balance");
        List<LedgerCheck.AccountBalance> kept = STORE.keptBalances(h);
        Map<String, long[]> summed = STORE.summedEntries(h);
        for (var b : kept) {
            long[] s = summed.remove(b.account() + "/" + b.currency());
            if (s == null) s = new long[3];
            if (s[0] != b.debits() || s[1] != b.credits() || s[2] != b.entries()) {
                problems.add("the balance of " + b.account() + " in " + b.currency() + " (debits " + b.debits() + ", credits "
                        + b.credits() + ") differs from its entries (debits " + s[0] + ", credits " + s[1] + ")");
            }
        }
        summed.keySet().forEach(k -> problems.add("account " + k + " has entries but no kept balance"));
        return new LedgerCheck(problems.isEmpty(), totals, kept, List.copyOf(problems));
    }







}
