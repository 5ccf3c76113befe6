-- Which process claimed an unfinished request (Database.instanceId()), so that several instances on
-- one database release only the claims of instances that died (docs/SCALING.md).
ALTER TABLE idempotency_record ADD COLUMN owner BIGINT;
