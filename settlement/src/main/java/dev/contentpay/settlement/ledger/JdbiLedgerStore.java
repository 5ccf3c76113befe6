package dev.contentpay.settlement.ledger;

import dev.contentpay.platform.db.Sql;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.platform.money.Money;
import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The ledger's SQL, on SQLite and PostgreSQL alike; it holds no state, so one instance serves every caller. */
final class JdbiLedgerStore implements LedgerStore {

    @Override
    public void post(Handle h, Journal journal) {
        Sql.update(h, "INSERT INTO ledger_journal (id, kind, reference, settlement_id, memo, posted_at) "
                        + "VALUES (:id, :kind, :reference, :settlement, :memo, :at)")
                .bind("id", journal.id()).bind("kind", journal.kind().name()).bind("reference", journal.reference())
                .bind("settlement", journal.settlementId()).bind("memo", journal.memo())
                .bind("at", journal.postedAt().toEpochMilli())
                .execute();
        for (Journal.Entry entry : journal.entries()) {
            insertEntry(h, journal, entry);
            addToBalance(h, entry);
        }
    }

    @Override
    public List<String> journalIdsOf(Handle h, String settlementId) {
        return Sql.query(h, "SELECT id FROM ledger_journal WHERE settlement_id = :s ORDER BY posted_at, id")
                .bind("s", settlementId).mapTo(String.class).list();
    }

    @Override
    public Optional<Journal> find(Handle h, String journalId) {
        var entries = Sql.query(h, "SELECT account, side, amount, currency FROM ledger_entry WHERE journal_id = :id ORDER BY id")
                .bind("id", journalId)
                .map(rs -> new Journal.Entry(Account.fromCode(rs.getString(1)), Account.Side.valueOf(rs.getString(2)),
                        Money.of(rs.getLong(3), rs.getString(4))))
                .list();
        return Sql.query(h, "SELECT id, kind, reference, settlement_id, memo, posted_at FROM ledger_journal WHERE id = :id")
                .bind("id", journalId)
                .map(rs -> new Journal(rs.getString(1), Journal.Kind.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getString(5), Instant.ofEpochMilli(rs.getLong(6)), entries))
                .findOne();
    }

    @Override
    public List<LedgerCheck.Total> totals(Handle h) {
        return Sql.query(h, "SELECT currency, COALESCE(SUM(CASE WHEN side = 'DEBIT' THEN amount ELSE 0 END), 0), "
                        + "COALESCE(SUM(CASE WHEN side = 'CREDIT' THEN amount ELSE 0 END), 0) FROM ledger_entry GROUP BY currency ORDER BY currency")
                .map(rs -> new LedgerCheck.Total(rs.getString(1), rs.getLong(2), rs.getLong(3)))
                .list();
    }

    @Override
    public List<String> unbalancedJournals(Handle h) {
        return Sql.query(h, "SELECT journal_id FROM ledger_entry GROUP BY journal_id, currency "
                        + "HAVING SUM(CASE WHEN side = 'DEBIT' THEN amount ELSE -amount END) <> 0 ORDER BY journal_id")
                .mapTo(String.class).list();
    }

    @Override
    public List<LedgerCheck.AccountBalance> keptBalances(Handle h) {
        return Sql.query(h, "SELECT account, currency, debits, credits, entries FROM ledger_balance ORDER BY account, currency")
                .map(rs -> {
                    Account account = Account.fromCode(rs.getString(1));
                    long debits = rs.getLong(3), credits = rs.getLong(4);
                    long balance = account.normal() == Account.Side.DEBIT ? debits - credits : credits - debits;
                    return new LedgerCheck.AccountBalance(account.code(), rs.getString(2), debits, credits, balance, rs.getLong(5));
                })
                .list();
    }

    @Override
    public Map<String, long[]> summedEntries(Handle h) {
        var sums = new TreeMap<String, long[]>();
        Sql.query(h, "SELECT account, currency, SUM(CASE WHEN side = 'DEBIT' THEN amount ELSE 0 END), "
                        + "SUM(CASE WHEN side = 'CREDIT' THEN amount ELSE 0 END), COUNT(*) FROM ledger_entry GROUP BY account, currency")
                .map(rs -> Map.entry(rs.getString(1) + "/" + rs.getString(2), new long[]{rs.getLong(3), rs.getLong(4), rs.getLong(5)}))
                .list().forEach(e -> sums.put(e.getKey(), e.getValue()));
        return new HashMap<>(sums);
    }

    private void insertEntry(Handle h, Journal journal, Journal.Entry entry) {
        Sql.update(h, "INSERT INTO ledger_entry (id, journal_id, account, side, amount, currency, posted_at) "
                        + "VALUES (:id, :journal, :account, :side, :amount, :currency, :at)")
                .bind("id", Ids.random("ent")).bind("journal", journal.id()).bind("account", entry.account().code())
                .bind("side", entry.side().name()).bind("amount", entry.amount().amount())
                .bind("currency", entry.amount().currency()).bind("at", journal.postedAt().toEpochMilli())
                .execute();
    }

    /** An upsert both SQLite (3.24+) and PostgreSQL understand; the row lock serializes concurrent postings to one account. */
    private void addToBalance(Handle h, Journal.Entry entry) {
        long debit = entry.side() == Account.Side.DEBIT ? entry.amount().amount() : 0;
        long credit = entry.side() == Account.Side.CREDIT ? entry.amount().amount() : 0;
        Sql.update(h, "INSERT INTO ledger_balance (account, currency, debits, credits, entries) VALUES (:account, :currency, :d, :c, 1) "
                        + "ON CONFLICT (account, currency) DO UPDATE SET debits = ledger_balance.debits + excluded.debits, "
                        + "credits = ledger_balance.credits + excluded.credits, entries = ledger_balance.entries + 1")
                .bind("account", entry.account().code()).bind("currency", entry.amount().currency())
                .bind("d", debit).bind("c", credit)
                .execute();
    }
}
