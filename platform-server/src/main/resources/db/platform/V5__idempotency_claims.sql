-- Unfinished requests' claims, found by their owner without reading the answers: releasing the
-- claims of dead instances (settlement's recovery, before every sweep) scanned the whole table,
-- a day of answers, each time. Answers (status set) are not in this index, so writing one costs
-- nothing more; on SQLite, where claims live in the process, it stays empty.
CREATE INDEX idempotency_entry_claims ON idempotency_entry (owner) WHERE status IS NULL;
