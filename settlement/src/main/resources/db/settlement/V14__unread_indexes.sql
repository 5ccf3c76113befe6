-- Indexes no query reads, each written on every purchase. Nothing looks events up by time (the feed
-- pages by seq), settlements by order id (the approval and the allowance name a settlement), or
-- ledger entries by account (the balances are kept in ledger_balance; the check that sums entries
-- reads them all either way). Five index entries a purchase fewer: two events, one settlement, two
-- ledger entries.
DROP INDEX event_occurred_at;
DROP INDEX settlement_order;
DROP INDEX ledger_entry_account;
