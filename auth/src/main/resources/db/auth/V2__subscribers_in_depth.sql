-- A PIN is asked again above an amount the subscriber chooses (NULL: never).
ALTER TABLE subscriber ADD COLUMN pin_threshold BIGINT;
ALTER TABLE subscriber ADD COLUMN closed_at BIGINT;

-- Failed sign-ins, kept by the id that was typed, whether or not a subscriber has it: an unknown
-- id is locked exactly like a real one, so a lock reveals nothing about which ids exist.
CREATE TABLE sign_in_failure (
    typed_id      VARCHAR(64) PRIMARY KEY,
    failures      INTEGER     NOT NULL,
    locked_until  BIGINT,
    last_failure  BIGINT      NOT NULL
);

-- The merchant's own time of a charge (its settlement) or refund, which daily totals are cut by,
-- and the merchant's refund id.
ALTER TABLE use_entry ADD COLUMN occurred_at BIGINT;
ALTER TABLE use_entry ADD COLUMN refund_id VARCHAR(64);
UPDATE use_entry SET occurred_at = recorded_at WHERE occurred_at IS NULL;
CREATE INDEX use_entry_merchant_day ON use_entry (merchant_id, occurred_at);
CREATE INDEX use_entry_subscriber ON use_entry (subscriber_id, recorded_at);
CREATE INDEX approval_sweep ON approval (status, notify_by);

-- The audit log: append-only; never a password, PIN, secret or whole token.
CREATE TABLE audit_event (
    id             VARCHAR(64)  PRIMARY KEY,
    at             BIGINT       NOT NULL,
    kind           VARCHAR(48)  NOT NULL,
    actor          VARCHAR(64)  NOT NULL,   -- who did it: a subscriber id, merchant id, 'admin' or 'sweeper'
    subscriber_id  VARCHAR(64),
    merchant_id    VARCHAR(64),
    approval_id    VARCHAR(64),
    amount         BIGINT,
    currency       VARCHAR(3),
    detail         VARCHAR(500)
);
CREATE INDEX audit_event_at ON audit_event (at, id);
CREATE INDEX audit_event_subscriber ON audit_event (subscriber_id, at);
