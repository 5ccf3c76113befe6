-- The environment this database belongs to (docs/MERCHANTS.md, "Sandbox"): set at the first
-- start, live or sandbox, and checked at every start after, so that a sandbox issuer never runs on
-- a live database nor the reverse. One row per server; environment is 'live' or 'sandbox'.
CREATE TABLE IF NOT EXISTS environment_mark (
    server      VARCHAR(32) NOT NULL PRIMARY KEY,
    environment VARCHAR(16) NOT NULL,
    marked_at   BIGINT      NOT NULL
);
-- Sandbox only: the faults an operator asked for on a merchant's webhooks and notices, as
-- comma-separated names, and how long a delay lasts.
CREATE TABLE sandbox_merchant_fault (
    merchant_id  VARCHAR(64)  NOT NULL PRIMARY KEY,
    faults       VARCHAR(256) NOT NULL,
    delay_millis BIGINT       NOT NULL,
    updated_at   BIGINT       NOT NULL
);
-- Sandbox only: the faults asked for on one purchase by the Contentpay-Sandbox-Fault header.
CREATE TABLE sandbox_approval_fault (
    approval_id VARCHAR(64)  NOT NULL PRIMARY KEY,
    faults      VARCHAR(256) NOT NULL
);
-- Sandbox only: the notice faults that have acted, each once per allowance.
CREATE TABLE sandbox_notice_fault (
    allowance_id VARCHAR(64) NOT NULL,
    fault        VARCHAR(32) NOT NULL,
    acted_at     BIGINT      NOT NULL,
    PRIMARY KEY (allowance_id, fault)
);
