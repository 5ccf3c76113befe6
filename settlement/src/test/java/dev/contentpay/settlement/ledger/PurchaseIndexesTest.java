package dev.contentpay.settlement.ledger;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.db.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every index on a table a purchase writes costs an entry on every purchase, so each one here has a
 * reader: an index that nothing reads is dropped, and a new one is added on purpose, with this list.
 */
class PurchaseIndexesTest {

    @TempDir
    Path dir;

    @Test
    void theTablesAPurchaseWritesCarryOnlyTheIndexesSomethingReads() {
        var expected = new LinkedHashMap<String, List<String>>();
        expected.put("settlement", List.of("settlement_pseudonym", "settlement_settled_at")); // a buyer's restore; the day's reconciliation and the operator's page
        expected.put("presentation", List.of("presentation_presented_at")); // the sweep for unfinished presentations
        expected.put("approval_outcome", List.of());
        expected.put("ledger_journal", List.of("ledger_journal_settlement")); // a settlement's journals
        expected.put("ledger_entry", List.of("ledger_entry_journal")); // a journal's entries
        expected.put("download_grant", List.of());
        expected.put("outbox", List.of("outbox_due", "outbox_settlement")); // the notice worker; a settlement's notice
        expected.put("event", List.of()); // the feed pages by seq, the primary key
        String url = TestDatabases.url(dir, "settlement");
        try (var db = Database.open("settlement-indexes", url, "settlement", 2)) {
            var actual = new LinkedHashMap<String, List<String>>();
            for (String table : expected.keySet()) actual.put(table, TestDatabases.indexes(url, table));
            assertThat(actual).isEqualTo(expected);
        }
    }
}
