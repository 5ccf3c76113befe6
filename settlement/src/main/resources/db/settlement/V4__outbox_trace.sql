-- The trace id of the purchase a message reports, so that its delivery, however much later and
-- from whichever process, logs under the same correlation id as the purchase itself.
ALTER TABLE outbox ADD COLUMN trace_id VARCHAR(32);
