-- The events the issuer owes each merchant (docs/MERCHANTS.md, "Webhooks"): written in the
-- transaction of the change they report (a void, a refund, an expiry), delivered as signed
-- webhooks to the merchant's settlement server and kept as its feed. body is the event's JSON as
-- every delivery and the feed give it. status is PENDING until the merchant answered 2xx
-- (DELIVERED), or FAILED when retries ran out; next_attempt_at is when the next delivery is due,
-- and while one is under way, when its lease ends. The feed is read in the order of occurred_at,
-- then id (the time written in the id, which a collation other than bytes would not compare as time).
CREATE TABLE merchant_event (
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    merchant_id VARCHAR(64) NOT NULL,
    type VARCHAR(32) NOT NULL,
    approval_id VARCHAR(64) NOT NULL,
    body TEXT NOT NULL,
    occurred_at BIGINT NOT NULL,
    status VARCHAR(16) NOT NULL DEFAULT 'PENDING',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_error VARCHAR(64),
    delivered_at BIGINT
);
CREATE INDEX merchant_event_feed ON merchant_event (merchant_id, occurred_at, id);
CREATE INDEX merchant_event_due ON merchant_event (status, next_attempt_at);
