-- The instance (Database.instanceId()) that took a pending message to send it. Taking a message
-- moves its next attempt a lease ahead, so other instances sharing the database leave it alone;
-- the lease ends when the sender records the outcome, when the lease runs out, or at once when the
-- sender is found dead (docs/SCALING.md).
ALTER TABLE outbox ADD COLUMN leased_by BIGINT;
