package dev.contentpay.settlement.ledger;

import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ledger's journals, entries and kept balances. Journals and entries are only ever inserted
 * (the database refuses UPDATE and DELETE on them, see V3); every method runs in the caller's
 * transaction, so a posting and the fact it records commit together.
 */
interface LedgerStore {

    /** Inserts the journal and its entries and adds each entry to its account's kept balance. */
    void post(Handle h, Journal journal);

    Optional<Journal> find(Handle h, String journalId);

    /** The ids of the journals about one settlement, in posting order. */
    List<String> journalIdsOf(Handle h, String settlementId);

    /** Debits and credits of all entries, per currency. */
    List<LedgerCheck.Total> totals(Handle h);

    /** The journals whose entries do not sum to zero in some currency. */
    List<String> unbalancedJournals(Handle h);

    /** The balances kept per account and currency. */
    List<LedgerCheck.AccountBalance> keptBalances(Handle h);

    /** The entries summed per "account/currency": debits, credits, count. */
    Map<String, long[]> summedEntries(Handle h);
}
