-- Events the issuer pushed to this merchant as signed webhooks (or that the merchant pulled from
-- the issuer's feed), each applied once by its id: the row is inserted in the transaction of the
-- event's effect (its entry in the event feed), and a second delivery of the same id finds it and
-- changes nothing. matched says what the event found here: for allowance.voided, "settled" (a
-- settlement of that allowance exists; its payment notice is late and may still charge it) or
-- "unsettled"; for refund.applied, "confirmed" (the merchant's own refund) or "unknown"; for
-- approval.expired, "recorded".
CREATE TABLE issuer_event (
    event_id VARCHAR(64) NOT NULL PRIMARY KEY,
    type VARCHAR(32) NOT NULL,
    approval_id VARCHAR(64) NOT NULL,
    allowance_id VARCHAR(128),
    settlement_id VARCHAR(64),
    refund_id VARCHAR(64),
    amount BIGINT,
    currency VARCHAR(3),
    occurred_at BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    matched VARCHAR(16) NOT NULL
);
CREATE INDEX issuer_event_approval ON issuer_event (approval_id);
